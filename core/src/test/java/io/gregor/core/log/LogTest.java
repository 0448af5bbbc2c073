package io.gregor.core.log;

import static io.gregor.core.log.LogFixture.batch;
import static io.gregor.core.log.LogFixture.batchesOf;
import static io.gregor.core.log.LogFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.checkpoint.LeaderEpochCheckpointFile;
import io.gregor.core.epoch.EpochEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTest {
    @TempDir
    Path tmp;
    final LogFixture fx = new LogFixture();

    private Path dir() {
        return tmp.resolve("orders-0");
    }

    @Test
    void leaderAppendAssignsContiguousOffsetsAndLeaderEpoch() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            LogAppendInfo first = log.appendAsLeader(batch(3, 10), 5);
            LogAppendInfo second = log.appendAsLeader(TestBatches.batches(2_000L, 10, 2, 4), 5);
            assertEquals(0, first.firstOffset());
            assertEquals(2, first.lastOffset());
            assertEquals(3, second.firstOffset());
            assertEquals(8, second.lastOffset());
            assertEquals(2, second.numBatches());
            assertEquals(2_000L, second.maxTimestamp());
            assertEquals(9, log.logEndOffset());
            List<RecordBatch> all = LogFixture.readAll(log);
            assertEquals(List.of(0L, 3L, 5L), all.stream().map(RecordBatch::baseOffset).toList());
            all.forEach(b -> {
                assertEquals(5, b.partitionLeaderEpoch());
                assertTrue(b.isValid());
            });
            assertEquals(List.of(new EpochEntry(5, 0)), log.leaderEpochCache().entries());
        }
    }

    @Test
    void aFlushWritesTheLeaderEpochOfItsRecordsBeforeTheDeferredWriteRuns() throws Exception {
        Path d = dir();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch busy = new CountDownLatch(1);
        scheduler.execute(() -> {
            try {
                busy.await(); // the log's scheduler is busy: deferred epoch writes wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        LeaderEpochCheckpointFile file = new LeaderEpochCheckpointFile(d.resolve(LeaderEpochCheckpointFile.FILE_NAME));
        try (Log log = Log.open(d, LogConfig.DEFAULT, 0L, 0L, true, fx.clock::get, scheduler)) {
            log.leaderEpochCache().assign(6, 0);
            log.appendAsLeader(batch(2, 100), 6);
            assertEquals(List.of(), file.read(), "the epoch's write is deferred");
            log.flush(); // the records of epoch 6 go to disk: the epoch with them
            assertEquals(List.of(new EpochEntry(6, 0)), file.read());
        } finally {
            busy.countDown();
            scheduler.shutdown();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void logAppendTimeTopicStampsTheBrokerClockAndKeepsTheCrcValid() throws IOException {
        LogConfig cfg = LogConfig.fromMap(Map.of(LogConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));
        fx.clock.set(77_000L);
        try (Log log = fx.open(dir(), cfg)) {
            LogAppendInfo info = log.appendAsLeader(batch(2, 10), 0);
            assertEquals(77_000L, info.logAppendTime());
            RecordBatch stored = LogFixture.readAll(log).get(0);
            assertEquals(TimestampType.LOG_APPEND_TIME, stored.timestampType());
            assertEquals(77_000L, stored.maxTimestamp());
            stored.ensureValid();
        }
    }

    @Test
    void corruptOrOversizedBatchIsRejectedWithoutChangingTheLog() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.fromMap(Map.of(LogConfig.MAX_MESSAGE_BYTES, "200")))) {
            MemoryRecords bad = batch(1, 10);
            bad.buffer().put(RecordBatch.HEADER_SIZE + 2, (byte) 0x7f);
            assertThrows(io.gregor.clients.record.CorruptRecordException.class, () -> log.appendAsLeader(bad, 0));
            assertThrows(RecordBatchTooLargeException.class, () -> log.appendAsLeader(batch(1, 500), 0));
            assertEquals(0, log.logEndOffset());
            assertEquals(0, log.size());
        }
    }

    @Test
    void readOutsideTheLogIsOffsetOutOfRangeWithStartAndEnd() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(5, 10), 0);
            OffsetOutOfRangeException e = assertThrows(OffsetOutOfRangeException.class,
                    () -> log.read(6, 1000, Long.MAX_VALUE, false));
            assertEquals(0, e.logStartOffset());
            assertEquals(5, e.logEndOffset());
            assertEquals(6, e.requestedOffset());
            assertTrue(log.read(5, 1000, Long.MAX_VALUE, false).isEmpty());
        }
    }

    @Test
    void readStopsBeforeTheBatchHoldingMaxOffset() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(2, 10), 0); // 0..1
            log.appendAsLeader(batch(2, 10), 0); // 2..3
            log.appendAsLeader(batch(2, 10), 0); // 4..5
            assertEquals(List.of(0L, 2L), batchesOf(log.read(0, 100_000, 4, false)).stream()
                    .map(RecordBatch::baseOffset).toList());
            assertTrue(log.read(2, 100_000, 2, false).isEmpty());
            FetchDataInfo atHw = log.read(4, 100_000, 4, true);
            assertTrue(atHw.isEmpty());
            assertEquals(4, atHw.fetchOffsetMetadata().messageOffset());
        }
    }

    @Test
    void minOneMessageReturnsTheWholeFirstBatchEvenAboveMaxBytes() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(4, 100), 0);
            log.appendAsLeader(batch(4, 100), 0);
            FetchDataInfo one = log.read(1, 10, Long.MAX_VALUE, true);
            List<RecordBatch> got = batchesOf(one);
            assertEquals(1, got.size());
            assertEquals(0, got.get(0).baseOffset());
            assertFalse(one.firstEntryIncomplete());
            FetchDataInfo cut = log.read(1, 10, Long.MAX_VALUE, false);
            assertEquals(10, cut.records().sizeInBytes());
            assertTrue(cut.firstEntryIncomplete(), "10 bytes hold no whole batch, and the answer says so");
            assertFalse(log.read(1, 100_000, Long.MAX_VALUE, false).firstEntryIncomplete());
            FileRecords slice = (FileRecords) one.records();
            assertEquals(0, slice.position());
            assertTrue(slice.channel().isOpen());
        }
    }

    @Test
    void rollsBySegmentBytesAndReadsAcrossSegments() throws IOException {
        int oneBatch = batch(1, 100).sizeInBytes();
        try (Log log = fx.open(dir(), config(oneBatch * 3, 4096))) {
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(batch(1, 100), 0);
            }
            assertEquals(4, log.numberOfSegments());
            assertEquals(List.of(0L, 3L, 6L, 9L), log.segments().stream().map(LogSegment::baseOffset).toList());
            assertTrue(Files.exists(dir().resolve("00000000000000000003.log")));
            assertTrue(Files.exists(dir().resolve("00000000000000000003.index")));
            assertTrue(Files.exists(dir().resolve("00000000000000000003.timeindex")));
            assertEquals(10, LogFixture.readAll(log).size());
            // An inactive segment's indexes are trimmed to the entries they hold.
            assertEquals(log.segments().get(0).offsetIndex().sizeInBytes(),
                    Files.size(dir().resolve("00000000000000000000.index")));
        }
    }

    @Test
    void rollsBySegmentMsCountedFromTheFirstAppendToTheSegment() throws IOException {
        LogConfig cfg = LogConfig.fromMap(Map.of(LogConfig.SEGMENT_MS, "1000"));
        try (Log log = fx.open(dir(), cfg)) {
            fx.clock.addAndGet(5_000); // time before the first append does not count
            log.appendAsLeader(batch(1, 10), 0);
            fx.clock.addAndGet(1_000);
            log.appendAsLeader(batch(1, 10), 0);
            assertEquals(1, log.numberOfSegments());
            fx.clock.addAndGet(1);
            log.appendAsLeader(batch(1, 10), 0);
            assertEquals(2, log.numberOfSegments());
            assertEquals(2, log.activeSegment().baseOffset());
        }
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() throws IOException {
        LogConfig cfg = LogConfig.fromMap(Map.of(LogConfig.SEGMENT_INDEX_BYTES, "24", LogConfig.INDEX_INTERVAL_BYTES, "1"));
        try (Log log = fx.open(dir(), cfg)) {
            for (int i = 0; i < 12; i++) {
                log.appendAsLeader(batch(1, 10), 0);
            }
            assertTrue(log.numberOfSegments() > 1, "segments: " + log.numberOfSegments());
            for (LogSegment s : log.segments()) {
                assertTrue(s.offsetIndex().entries() <= 3);
            }
            assertEquals(12, LogFixture.readAll(log).size());
        }
    }

    @Test
    void retentionBytesDeletesOldestSegmentsButNeverTheActiveOne() throws IOException {
        int oneBatch = batch(1, 100).sizeInBytes();
        LogConfig cfg = config(oneBatch * 2, 4096).with(Map.of(LogConfig.RETENTION_BYTES, "0"));
        try (Log log = fx.open(dir(), cfg)) {
            for (int i = 0; i < 7; i++) {
                log.appendAsLeader(batch(1, 100), 0);
            }
            assertEquals(4, log.numberOfSegments());
            assertEquals(3, log.deleteOldSegments());
            assertEquals(1, log.numberOfSegments());
            assertEquals(6, log.logStartOffset());
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(0, 100, Long.MAX_VALUE, false));
            try (Stream<Path> files = Files.list(dir())) {
                assertEquals(0, files.filter(p -> p.toString().endsWith(".deleted")).count());
            }
        }
    }

    @Test
    void retentionMsUsesTheLargestTimestampOfEachSegment() throws IOException {
        int oneBatch = batch(1, 100).sizeInBytes();
        LogConfig cfg = config(oneBatch * 2, 4096).with(Map.of(LogConfig.RETENTION_MS, "10000"));
        fx.clock.set(100_000L);
        try (Log log = fx.open(dir(), cfg)) {
            log.appendAsLeader(TestBatches.batch(1, 100, 10_000L), 0);
            log.appendAsLeader(TestBatches.batch(1, 100, 95_000L), 0); // segment 0 newest: 95s
            log.appendAsLeader(TestBatches.batch(1, 100, 20_000L), 0);
            log.appendAsLeader(TestBatches.batch(1, 100, 30_000L), 0); // segment 2 newest: 30s
            log.appendAsLeader(TestBatches.batch(1, 100, 1L), 0); // active
            assertEquals(3, log.numberOfSegments());
            assertEquals(0, log.deleteOldSegments(), "oldest segment still has a record within retention");
            fx.clock.set(105_001L + 1);
            assertEquals(2, log.deleteOldSegments());
            assertEquals(4, log.logStartOffset());
            assertEquals(1, log.numberOfSegments());
        }
    }

    @Test
    void raisingTheLogStartOffsetHidesOffsetsAndDeletesWholeSegmentsBelowIt() throws IOException {
        int oneBatch = batch(1, 100).sizeInBytes();
        try (Log log = fx.open(dir(), config(oneBatch * 2, 4096))) {
            for (int i = 0; i < 6; i++) {
                log.appendAsLeader(batch(1, 100), 0);
            }
            assertTrue(log.maybeIncrementLogStartOffset(3));
            assertEquals(3, log.logStartOffset());
            assertEquals(2, log.segments().get(0).baseOffset());
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(2, 100, Long.MAX_VALUE, false));
            assertEquals(3, batchesOf(log.read(3, 1, Long.MAX_VALUE, true)).get(0).baseOffset());
            assertFalse(log.maybeIncrementLogStartOffset(2));
            assertThrows(OffsetOutOfRangeException.class, () -> log.maybeIncrementLogStartOffset(7));
        }
    }

    @Test
    void truncateToRemovesLaterSegmentsAndTheTailAndAppendsContinue() throws IOException {
        int oneBatch = batch(2, 100).sizeInBytes();
        try (Log log = fx.open(dir(), config(oneBatch * 2, 1))) {
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(2, 100), i); // epochs 0..4 at offsets 0,2,4,6,8
            }
            assertEquals(3, log.numberOfSegments());
            assertTrue(log.truncateTo(4));
            assertEquals(4, log.logEndOffset());
            assertEquals(2, log.numberOfSegments());
            assertEquals(List.of(new EpochEntry(0, 0), new EpochEntry(1, 2)), log.leaderEpochCache().entries());
            assertEquals(new io.gregor.core.epoch.EpochEndOffset(1, 4), log.endOffsetForEpoch(1));
            assertEquals(new io.gregor.core.epoch.EpochEndOffset(0, 2), log.endOffsetForEpoch(0));
            assertEquals(6, log.appendAsLeader(batch(2, 100), 7).lastOffset() + 1);
            List<RecordBatch> all = LogFixture.readAll(log);
            assertEquals(List.of(0L, 2L, 4L), all.stream().map(RecordBatch::baseOffset).toList());
            assertEquals(7, all.get(2).partitionLeaderEpoch());
            assertFalse(log.truncateTo(100));
        }
    }

    @Test
    void truncateFullyStartsAnEmptyLogAtTheGivenOffset() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(5, 10), 1);
            log.truncateFullyAndStartAt(42);
            assertEquals(42, log.logStartOffset());
            assertEquals(42, log.logEndOffset());
            assertEquals(1, log.numberOfSegments());
            assertTrue(Files.exists(dir().resolve("00000000000000000042.log")));
            assertFalse(Files.exists(dir().resolve("00000000000000000000.log")));
            assertEquals(42, log.appendAsLeader(batch(1, 10), 2).firstOffset());
        }
    }

    @Test
    void followerAppendKeepsOffsetsAndRejectsNonIncreasingOnes() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            MemoryRecords fromLeader = TestBatches.batchAt(0, 3, 10, 1_000L);
            new RecordBatch(fromLeader.buffer()).setPartitionLeaderEpoch(3);
            log.appendAsFollower(fromLeader);
            assertEquals(3, log.logEndOffset());
            assertThrows(InvalidAppendOffsetException.class,
                    () -> log.appendAsFollower(TestBatches.batchAt(2, 1, 10, 1_000L)));
            log.appendAsFollower(TestBatches.batchAt(10, 2, 10, 1_000L)); // a gap, as after compaction
            assertEquals(12, log.logEndOffset());
            assertEquals(10, batchesOf(log.read(5, 1, Long.MAX_VALUE, true)).get(0).baseOffset());
            assertEquals(List.of(new EpochEntry(3, 0)), log.leaderEpochCache().entries().subList(0, 1));
        }
    }

    @Test
    void truncatingIntoTheMiddleOfABatchRemovesTheWholeBatch() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(2, 10), 0);
            log.appendAsLeader(batch(3, 10), 0); // 2..4
            assertTrue(log.truncateTo(3));
            assertEquals(2, log.logEndOffset());
            assertEquals(2, log.appendAsLeader(batch(1, 10), 0).firstOffset());
        }
    }

    @Test
    void flushMovesTheRecoveryPoint() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(5, 10), 0);
            assertEquals(0, log.recoveryPoint());
            log.flush(3);
            assertEquals(3, log.recoveryPoint());
            log.flush();
            assertEquals(5, log.recoveryPoint());
        }
    }

    @Test
    void highWatermarkStaysWithinTheLog() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(2, 10), 0);
            log.appendAsLeader(batch(3, 10), 0);
            log.updateHighWatermark(100);
            assertEquals(5, log.highWatermark());
            log.truncateTo(2);
            assertEquals(2, log.highWatermark());
            assertEquals(2, log.convertToOffsetMetadata(2).messageOffset());
        }
    }

    @Test
    void deleteRemovesTheDirectoryEvenWhenASegmentFailsToClose() throws IOException {
        int oneBatch = batch(1, 100).sizeInBytes();
        Log log = fx.open(dir(), config(oneBatch * 2, 4096));
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(batch(1, 100), 0);
        }
        assertTrue(log.numberOfSegments() >= 3);
        // the active segment's offset index turns into a directory: trimming it on close fails
        Path index = LogSegment.offsetIndexFile(dir(), log.activeSegment().baseOffset());
        Files.delete(index);
        Files.createDirectory(index);

        assertThrows(UncheckedIOException.class, log::delete);

        assertFalse(Files.exists(dir()));
        assertTrue(log.isClosed());
    }
}
