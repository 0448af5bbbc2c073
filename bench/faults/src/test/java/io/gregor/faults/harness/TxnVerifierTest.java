package io.gregor.faults.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.faults.harness.Transaction.Outcome;
import io.gregor.faults.harness.Transaction.Sent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxnVerifierTest {
    private static final int PARTITIONS = 2;

    /** What a read_committed read returned: records appended in log order, offsets counting per partition. */
    private static final class ReadBuilder {
        private final Map<Integer, List<long[]>> records = new HashMap<>();
        private final long[] nextOffset = new long[PARTITIONS];

        ReadBuilder add(int partition, long seq) {
            return at(partition, seq, nextOffset[partition]);
        }

        ReadBuilder at(int partition, long seq, long offset) {
            records.computeIfAbsent(partition, p -> new ArrayList<>()).add(new long[] {offset, seq, 0});
            nextOffset[partition] = offset + 1;
            return this;
        }

        ReadBuilder all(Transaction txn) {
            txn.records().forEach(r -> at(r.partition(), r.seq(), r.offset()));
            return this;
        }

        Verifier.Read build() {
            for (int p = 0; p < PARTITIONS; p++) {
                records.putIfAbsent(p, new ArrayList<>());
            }
            return new Verifier.Read(records, 0, "");
        }
    }

    /** A transaction of producer 0 with two records, one per partition, acknowledged at the given offsets. */
    private static Transaction txn(long number, Outcome outcome, long seq, long offset0, long offset1) {
        return new Transaction(0, number, false, outcome, List.of(new Sent(0, seq, offset0), new Sent(1, seq, offset1)), "");
    }

    private static Transaction aborted(long number, long seq, long offset0, long offset1) {
        return new Transaction(0, number, true, Outcome.ABORTED,
                List.of(new Sent(0, seq, offset0), new Sent(1, seq, offset1)), "");
    }

    @Test
    void committedAndAbortedTransactionsReadAsExpectedAreClean() {
        Transaction first = txn(0, Outcome.COMMITTED, 0, 0, 0);
        Transaction abortedOne = aborted(1, 1, 2, 2);   // offsets 1: the commit markers; 3: the abort markers
        Transaction third = txn(2, Outcome.COMMITTED, 2, 4, 4);
        TxnVerdict verdict = TxnVerifier.judge(List.of(first, abortedOne, third), PARTITIONS,
                new ReadBuilder().all(first).all(third).build());
        assertTrue(verdict.clean(), verdict.toString());
        assertEquals(2, verdict.committed());
        assertEquals(1, verdict.deliberatelyAborted());
        assertEquals(4, verdict.records().acknowledged());
        assertEquals(4, verdict.records().read());
    }

    @Test
    void recordOfAnAcknowledgedCommitMissingFromTheReadIsLost() {
        Transaction committed = txn(0, Outcome.COMMITTED, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(committed), PARTITIONS, new ReadBuilder().at(0, 0, 0).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.records().lost());
        assertEquals(1, verdict.partiallyVisible());
        assertTrue(verdict.examples().stream().anyMatch(e -> e.startsWith("lost faults-1 seq 0")), verdict.examples().toString());
    }

    @Test
    void committedRecordReadTwiceIsDuplicated() {
        Transaction committed = txn(0, Outcome.COMMITTED, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(committed), PARTITIONS,
                new ReadBuilder().all(committed).at(0, 0, 1).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.records().duplicated());
        assertEquals(0, verdict.records().lost());
    }

    @Test
    void recordOfADeliberatelyAbortedTransactionVisibleToReadCommittedIsAViolation() {
        Transaction abortedOne = aborted(0, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(abortedOne), PARTITIONS, new ReadBuilder().at(1, 0, 0).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.abortedVisible());
        assertTrue(verdict.records().clean(), "no committed record is involved");
    }

    @Test
    void transactionAbandonedAfterAnErrorMustStayInvisible() {
        Transaction abandoned = new Transaction(0, 0, false, Outcome.ABORTED, List.of(new Sent(0, 0, 0), new Sent(1, 0, -1)),
                "aborted after: TimeoutException");
        TxnVerdict verdict = TxnVerifier.judge(List.of(abandoned), PARTITIONS, new ReadBuilder().at(0, 0, 0).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.abortedAfterError());
        assertEquals(1, verdict.abortedVisible());
    }

    @Test
    void unknownOutcomeReadWholeCountsAsCommittedAndIsClean() {
        Transaction unknown = txn(0, Outcome.UNKNOWN, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(unknown), PARTITIONS, new ReadBuilder().all(unknown).build());
        assertTrue(verdict.clean(), verdict.toString());
        assertEquals(1, verdict.unknown());
        assertEquals(1, verdict.unknownFoundCommitted());
        assertEquals(2, verdict.records().unacknowledgedRead());
    }

    @Test
    void unknownOutcomeNotReadAtAllIsClean() {
        Transaction unknown = txn(0, Outcome.UNKNOWN, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(unknown), PARTITIONS, new ReadBuilder().build());
        assertTrue(verdict.clean(), verdict.toString());
        assertEquals(0, verdict.unknownFoundCommitted());
    }

    @Test
    void unknownOutcomeReadOnlyInPartIsAViolation() {
        Transaction unknown = txn(0, Outcome.UNKNOWN, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(unknown), PARTITIONS, new ReadBuilder().at(1, 0, 0).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.partiallyVisible());
    }

    @Test
    void committedRecordReadAtAnotherOffsetThanAcknowledgedIsAMismatch() {
        Transaction committed = txn(0, Outcome.COMMITTED, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(committed), PARTITIONS,
                new ReadBuilder().at(0, 0, 0).at(1, 0, 5).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.records().offsetMismatches());
    }

    @Test
    void recordThatNoTransactionSentIsMalformed() {
        TxnVerdict verdict = TxnVerifier.judge(List.of(), PARTITIONS, new ReadBuilder().at(0, 7, 0).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.records().malformed());
    }

    @Test
    void recordsOfOneProducerReadOutOfTheirOrderAreReordered() {
        Transaction first = txn(0, Outcome.COMMITTED, 0, -1, -1);
        Transaction second = txn(1, Outcome.COMMITTED, 1, -1, -1);
        TxnVerdict verdict = TxnVerifier.judge(List.of(first, second), PARTITIONS,
                new ReadBuilder().add(0, 1).add(0, 0).add(1, 0).add(1, 1).build());
        assertFalse(verdict.clean());
        assertEquals(1, verdict.records().reordered());
    }

    @Test
    void recordsOfTwoProducersInterleavedAreInOrder() {
        // sequence numbers are shared by the producers: producer 1's commit of seq 0 may land after producer 0's seq 1
        Transaction ofProducer1 = new Transaction(1, 0, false, Outcome.COMMITTED, List.of(new Sent(0, 0, -1)), "");
        Transaction ofProducer0 = new Transaction(0, 0, false, Outcome.COMMITTED, List.of(new Sent(0, 1, -1)), "");
        TxnVerdict verdict = TxnVerifier.judge(List.of(ofProducer1, ofProducer0), PARTITIONS,
                new ReadBuilder().add(0, 1).add(0, 0).build());
        assertTrue(verdict.clean(), verdict.toString());
    }

    @Test
    void abortedRecordGivenToTheReadCommittedGroupMemberDuringTheRunIsAViolation() {
        Transaction committed = txn(0, Outcome.COMMITTED, 0, 0, 0);
        TxnVerdict verdict = TxnVerifier.judge(List.of(committed), PARTITIONS, new ReadBuilder().all(committed).build(),
                1, List.of("faults-0 seq 3 at offset 7"));
        assertFalse(verdict.clean());
        assertEquals(1, verdict.seenByGroupMember());
        assertTrue(verdict.examples().get(0).contains("faults-0 seq 3"), verdict.examples().toString());
    }

    @Test
    void uncommittedReadCountsTheNeverCommittedRecordsTheLogHolds() {
        Transaction committed = txn(0, Outcome.COMMITTED, 0, 0, 0);
        Transaction abortedOne = aborted(1, 1, 2, 2);
        Transaction unknown = txn(2, Outcome.UNKNOWN, 2, 4, 4);
        Verifier.Read everything = new ReadBuilder().all(committed).all(abortedOne).all(unknown).build();
        assertEquals(2, TxnVerifier.neverCommittedRecords(List.of(committed, abortedOne, unknown), PARTITIONS, everything));
    }

    @Test
    void readThatCouldNotReachTheEndIsNotClean() {
        Verifier.Read incomplete = new Verifier.Read(Map.of(0, List.of(), 1, List.of()), 0,
                "a transaction stayed open after the workload ended");
        TxnVerdict verdict = TxnVerifier.judge(List.of(), PARTITIONS, incomplete);
        assertFalse(verdict.clean());
        assertFalse(verdict.records().complete());
    }
}
