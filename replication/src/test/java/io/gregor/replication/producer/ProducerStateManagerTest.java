package io.gregor.replication.producer;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sequence and epoch rules of {@link ProducerStateManager}, on batches as the producer builds them. */
class ProducerStateManagerTest {
    static RecordBatch batch(long pid, short epoch, int seq, int records, long baseOffset) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, baseOffset,
                RecordBatch.NO_TIMESTAMP, pid, epoch, seq, false, false, 0);
        for (int i = 0; i < records; i++) {
            b.append(1L, null, new byte[]{(byte) i});
        }
        return b.build().batches().iterator().next();
    }

    private static RecordBatch append(ProducerStateManager state, RecordBatch batch) {
        assertTrue(state.check(batch).isEmpty(), "expected a new batch: " + batch);
        state.update(batch);
        return batch;
    }

    @Test
    void onlyTheLastFiveBatchesAreRecognisedAsDuplicates() {
        ProducerStateManager state = new ProducerStateManager();
        for (int i = 0; i < 6; i++) {
            append(state, batch(1, (short) 0, i * 2, 2, i * 2L));
        }
        assertEquals(Optional.of(new BatchMetadata(10, 11, 10, 11)), state.check(batch(1, (short) 0, 10, 2, 99)));
        assertEquals(Optional.of(new BatchMetadata(2, 3, 2, 3)), state.check(batch(1, (short) 0, 2, 2, 99)));
        ProducerStateException tooOld = assertThrows(ProducerStateException.class, () -> state.check(batch(1, (short) 0, 0, 2, 99)));
        assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, tooOld.error());
    }

    @Test
    void sequencesWrapAfterIntegerMaxValue() {
        ProducerStateManager state = new ProducerStateManager();
        append(state, batch(7, (short) 0, Integer.MAX_VALUE - 1, 2, 0));
        assertTrue(state.check(batch(7, (short) 0, 0, 1, 2)).isEmpty());
    }

    @Test
    void batchesWithoutSequenceNumbersAreNeverTakenForRetries() {
        ProducerStateManager state = new ProducerStateManager();
        // as a group coordinator writes transactional offset commits: the producer's id and epoch, no sequence
        for (int i = 0; i < 3; i++) {
            MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, i,
                    RecordBatch.NO_TIMESTAMP, 4L, (short) 1, RecordBatch.NO_SEQUENCE, true, false, 0);
            b.append(1L, new byte[] {(byte) i}, new byte[] {1});
            append(state, b.build().batches().iterator().next());
        }
        MemoryRecordsBuilder older = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 9L,
                RecordBatch.NO_TIMESTAMP, 4L, (short) 0, RecordBatch.NO_SEQUENCE, true, false, 0);
        older.append(1L, null, new byte[] {1});
        RecordBatch fenced = older.build().batches().iterator().next();
        assertEquals(Errors.INVALID_PRODUCER_EPOCH,
                assertThrows(ProducerStateException.class, () -> state.check(fenced)).error());
    }

    @Test
    void idleProducersExpireUnlessTheirTransactionIsOpen() {
        ProducerStateManager state = new ProducerStateManager();
        append(state, batch(1, (short) 0, 0, 1, 0)); // records stamped 1 ms
        MemoryRecordsBuilder txn = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 1L,
                RecordBatch.NO_TIMESTAMP, 2L, (short) 0, 0, true, false, 0);
        txn.append(1L, null, new byte[] {1});
        append(state, txn.build().batches().iterator().next());

        assertEquals(0, state.removeExpiredProducers(1_000L, 1_000L), "not idle for 1000 ms yet");
        assertEquals(1, state.removeExpiredProducers(1_001L, 1_000L));
        assertEquals(java.util.Optional.empty(), state.epochOf(1L));
        assertTrue(state.hasOngoingTxn(2L), "a producer with an open transaction stays");
        assertTrue(state.check(batch(1, (short) 0, 57, 1, 5)).isEmpty(), "an expired producer is accepted at any sequence");
    }

    @Property(tries = 50)
    void anyGapOrReorderIsRefusedWhileTheNextSequenceIsAccepted(@ForAll @IntRange(min = 1, max = 20) int sent,
                                                                  @ForAll @IntRange(min = -5, max = 5) int skew) {
        ProducerStateManager state = new ProducerStateManager();
        int seq = 0;
        for (int i = 0; i < sent; i++) {
            append(state, batch(3, (short) 1, seq, 1, i));
            seq++;
        }
        int candidate = seq + skew;
        if (candidate < 0) {
            return;
        }
        RecordBatch next = batch(3, (short) 1, candidate, 1, 1000);
        boolean duplicateRange = candidate < seq && candidate >= seq - ProducerStateManager.BATCHES_RETAINED;
        if (skew == 0) {
            assertTrue(state.check(next).isEmpty());
        } else if (duplicateRange) {
            assertEquals(candidate, state.check(next).orElseThrow().firstSeq());
        } else {
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                    assertThrows(ProducerStateException.class, () -> state.check(next)).error());
        }
    }

    /** A transactional batch as the group coordinator writes a TxnOffsetCommit: the producer's id and epoch, no sequence. */
    private static RecordBatch coordinatorBatch(long pid, short epoch, long baseOffset) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, baseOffset,
                RecordBatch.NO_TIMESTAMP, pid, epoch, RecordBatch.NO_SEQUENCE, true, false, 0);
        b.append(1L, new byte[]{1}, new byte[]{2});
        return b.build().batches().iterator().next();
    }

    @Test
    void batchesWithoutSequenceWrittenForAProducerAreEachNewAndMayStartANewEpochButNotGoBackToAnOldOne() {
        ProducerStateManager state = new ProducerStateManager();
        append(state, coordinatorBatch(9, (short) 0, 0));
        append(state, coordinatorBatch(9, (short) 0, 1)); // the next offset commit of the same epoch, not a retry of the first
        append(state, coordinatorBatch(9, (short) 3, 2)); // after the producer's epoch was bumped (e.g. it restarted)
        ProducerStateException old = assertThrows(ProducerStateException.class,
                () -> state.check(coordinatorBatch(9, (short) 2, 3)));
        assertEquals(Errors.INVALID_PRODUCER_EPOCH, old.error());
    }
}
