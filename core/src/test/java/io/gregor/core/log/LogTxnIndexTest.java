package io.gregor.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.index.AbortedTxn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTxnIndexTest {
    @TempDir
    Path parent;

    private final LogFixture fx = new LogFixture();

    private Path dir() {
        return parent.resolve("t-0");
    }

    /** Appends {@code n} one-record batches; returns the log end offset. */
    private static long appendBatches(Log log, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            log.appendAsLeader(LogFixture.batch(1, 100), 0);
        }
        return log.logEndOffset();
    }

    @Test
    void abortedTransactionGoesToTheTxnIndexOfTheSegmentHoldingItsMarker() throws Exception {
        try (Log log = fx.open(dir(), LogFixture.config(1024, 4096))) {
            appendBatches(log, 30); // several segments of ~6 batches
            assertTrue(log.numberOfSegments() > 3);
            LogSegment third = log.segments().get(2);
            long marker = third.baseOffset() + 1;
            log.recordAbortedTxn(new AbortedTxn(5L, 2L, marker, marker + 1));
            assertTrue(Files.exists(LogSegment.txnIndexFile(dir(), third.baseOffset())));
            assertFalse(Files.exists(LogSegment.txnIndexFile(dir(), log.segments().get(0).baseOffset())));
            // a recovery that reads the same marker again does not add it twice
            log.recordAbortedTxn(new AbortedTxn(5L, 2L, marker, marker + 1));
            assertEquals(1, third.txnIndex().allAbortedTxns().size());
        }
    }

    @Test
    void readCommittedSearchCrossesSegmentsUntilTheLastStableOffsetCoversTheRange() throws Exception {
        try (Log log = fx.open(dir(), LogFixture.config(1024, 4096))) {
            appendBatches(log, 30);
            List<LogSegment> segments = log.segments();
            // producer 2's transaction was still open when producer 1's abort was written: the last stable
            // offset then stayed at its first offset
            AbortedTxn early = new AbortedTxn(1L, 0L, 3L, 1L);
            long lateMarker = segments.get(3).baseOffset();
            AbortedTxn late = new AbortedTxn(2L, 1L, lateMarker, lateMarker + 1);
            AbortedTxn later = new AbortedTxn(3L, 20L, 25L, 26L);
            log.recordAbortedTxn(early);
            log.recordAbortedTxn(late);
            log.recordAbortedTxn(later);
            // a fetch of [2, 4) started in the first segment: the early abort, and the one whose marker is
            // three segments on but which started inside the range; the last one began after the range
            assertEquals(List.of(early, late), log.collectAbortedTransactions(2L, 4L));
            assertEquals(List.of(late, later), log.collectAbortedTransactions(4L, 30L));
        }
    }

    @Test
    void truncationRemovesTheAbortedTransactionsWhoseMarkerIsCut() throws Exception {
        try (Log log = fx.open(dir(), LogFixture.config(1024, 4096))) {
            appendBatches(log, 30);
            LogSegment active = log.activeSegment();
            AbortedTxn kept = new AbortedTxn(1L, 0L, 3L, 4L);
            AbortedTxn cut = new AbortedTxn(2L, 1L, active.baseOffset() + 1, active.baseOffset() + 2);
            log.recordAbortedTxn(kept);
            log.recordAbortedTxn(cut);
            log.truncateTo(active.baseOffset() + 1);
            assertEquals(List.of(kept), log.collectAbortedTransactions(0L, 100L));
            log.truncateTo(2L);
            assertEquals(List.of(), log.collectAbortedTransactions(0L, 100L));
            assertFalse(Files.exists(LogSegment.txnIndexFile(dir(), active.baseOffset())));
        }
    }

    @Test
    void txnIndexGoesWithItsSegmentWhenTheLogStartMovesPastIt() throws Exception {
        try (Log log = fx.open(dir(), LogFixture.config(1024, 4096))) {
            appendBatches(log, 30);
            long firstBase = log.segments().get(0).baseOffset();
            log.recordAbortedTxn(new AbortedTxn(1L, 0L, 3L, 4L));
            Path file = LogSegment.txnIndexFile(dir(), firstBase);
            assertTrue(Files.exists(file));
            log.updateHighWatermark(log.logEndOffset());
            log.maybeIncrementLogStartOffset(log.segments().get(1).baseOffset());
            assertFalse(Files.exists(file));
        }
    }

    @Test
    void txnIndexSurvivesACleanRestartAndRecoveryCutsEntriesBeyondTheValidLog() throws Exception {
        AbortedTxn txn;
        try (Log log = fx.open(dir(), LogFixture.config(1024 * 1024, 4096))) {
            long end = appendBatches(log, 5);
            txn = new AbortedTxn(1L, 0L, end - 1, end);
            log.recordAbortedTxn(txn);
        }
        try (Log log = fx.open(dir(), LogFixture.config(1024 * 1024, 4096))) {
            assertEquals(List.of(txn), log.collectAbortedTransactions(0L, 100L));
            // an entry for a marker the log does not have (the log lost its tail, the index did not)
            log.recordAbortedTxn(new AbortedTxn(2L, 1L, 50L, 51L));
        }
        try (Log log = fx.openAfterCrash(dir(), LogFixture.config(1024 * 1024, 4096))) {
            assertEquals(List.of(txn), log.collectAbortedTransactions(0L, 100L));
        }
    }
}
