package io.gregor.faults.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxnLogTest {

    @TempDir
    Path dir;

    @Test
    void committedTransactionReachesTheAckLogOnlyWhenItsCommitReturned() throws Exception {
        try (AckLog acks = new AckLog(2, dir.resolve("acks.csv")); TxnLog txns = new TxnLog(acks, dir.resolve("txns.csv"))) {
            String id = txns.begin(0, 0, false);
            txns.sending(id, 0, 0);
            txns.sending(id, 1, 0);
            txns.produced(id, 0, 0, 10);
            txns.produced(id, 1, 0, 20);
            assertEquals(0, acks.count(), "acknowledged sends of an open transaction are not acknowledged records");
            txns.ended(id, Transaction.Outcome.COMMITTED, "");
            assertEquals(2, acks.count());
            assertEquals(10, acks.acks(0).get(0).offset());
            assertEquals(List.of(new Transaction.Sent(0, 0, 10), new Transaction.Sent(1, 0, 20)),
                    txns.snapshot().get(0).records());
        }
        assertEquals(2, Files.readAllLines(dir.resolve("txns.csv")).size());
    }

    @Test
    void abortedAndUnknownTransactionsNeverReachTheAckLog() throws Exception {
        try (AckLog acks = new AckLog(1, dir.resolve("acks.csv")); TxnLog txns = new TxnLog(acks, dir.resolve("txns.csv"))) {
            String aborted = txns.begin(0, 0, true);
            txns.sending(aborted, 0, 0);
            txns.ended(aborted, Transaction.Outcome.ABORTED, "");
            String unknown = txns.begin(0, 1, false);
            txns.sending(unknown, 0, 1);
            txns.ended(unknown, Transaction.Outcome.UNKNOWN, "commit threw");
            assertEquals(0, acks.count());
            assertEquals(1, txns.count(Transaction.Outcome.UNKNOWN));
        }
    }

    @Test
    void recordsOfADeliberateAbortAreKnownAsSuchFromTheirSend() throws Exception {
        try (AckLog acks = new AckLog(1, dir.resolve("acks.csv")); TxnLog txns = new TxnLog(acks, dir.resolve("txns.csv"))) {
            String committed = txns.begin(0, 0, false);
            txns.sending(committed, 0, 0);
            String aborted = txns.begin(1, 0, true);
            txns.sending(aborted, 0, 1);
            assertTrue(txns.deliberatelyAborted(0, 1));
            assertFalse(txns.deliberatelyAborted(0, 0));
        }
    }

    @Test
    void transactionEndedTwiceIsRefused() throws Exception {
        try (AckLog acks = new AckLog(1, dir.resolve("acks.csv")); TxnLog txns = new TxnLog(acks, dir.resolve("txns.csv"))) {
            String id = txns.begin(0, 0, false);
            txns.ended(id, Transaction.Outcome.ABORTED, "");
            assertThrows(IllegalStateException.class, () -> txns.ended(id, Transaction.Outcome.COMMITTED, ""));
        }
    }
}
