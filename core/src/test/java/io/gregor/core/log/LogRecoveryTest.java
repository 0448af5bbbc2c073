package io.gregor.core.log;

import static io.gregor.core.log.LogFixture.batch;
import static io.gregor.core.log.LogFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.RecordBatch;
import io.gregor.core.checkpoint.LeaderEpochCheckpointFile;
import io.gregor.core.epoch.EpochEndOffset;
import io.gregor.core.epoch.EpochEntry;
import io.gregor.core.index.OffsetIndex;
import io.gregor.core.index.OffsetPosition;
import io.gregor.core.index.TimeIndex;
import io.gregor.core.index.TimestampOffset;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRecoveryTest {
    @TempDir
    Path tmp;
    final LogFixture fx = new LogFixture();

    private Path dir() {
        return tmp.resolve("events-3");
    }

    private static Path logFile(Path dir, long base) {
        return LogSegment.logFile(dir, base);
    }

    @Test
    void tornLastBatchAtEveryLengthIsCutAndAppendsContinueAfterThePreviousBatch() throws IOException {
        Path pristine = tmp.resolve("pristine").resolve("events-3");
        long previousEnd;
        int previousEndPosition;
        int fullSize;
        try (Log log = fx.open(pristine, config(1 << 20, 64))) {
            log.appendAsLeader(batch(3, 40), 0);
            log.appendAsLeader(batch(2, 40), 0);
            previousEnd = log.logEndOffset();
            previousEndPosition = (int) log.size();
            log.appendAsLeader(batch(4, 30), 0);
            fullSize = (int) log.size();
        }
        byte[] bytes = Files.readAllBytes(logFile(pristine, 0));
        assertEquals(fullSize, bytes.length);
        for (int length = previousEndPosition; length < fullSize; length++) {
            Path dir = tmp.resolve("cut-" + length).resolve("events-3");
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(pristine)) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            try (RandomAccessFile raf = new RandomAccessFile(logFile(dir, 0).toFile(), "rw")) {
                raf.setLength(length);
            }
            try (Log log = fx.openAfterCrash(dir, config(1 << 20, 64))) {
                String at = "cut at " + length;
                assertEquals(previousEnd, log.logEndOffset(), at);
                assertEquals(1, log.loadResult().segmentsRecovered(), at);
                assertEquals(length - previousEndPosition, log.loadResult().bytesTruncated(), at);
                assertEquals(previousEndPosition, Files.size(logFile(dir, 0)), at);
                assertEquals(List.of(0L, 3L), LogFixture.readAll(log).stream().map(RecordBatch::baseOffset).toList(), at);
                assertEquals(previousEnd, log.appendAsLeader(batch(1, 10), 0).firstOffset(), at);
                assertEquals(previousEnd + 1, log.logEndOffset(), at);
            }
        }
    }

    @Test
    void recoveryRebuildsTheLeaderEpochsOfTheBatchesTheCheckpointLacks() throws IOException {
        Path dir = dir();
        try (Log log = fx.open(dir, config(1 << 20, 64))) {
            log.leaderEpochCache().assign(2, 0);
            log.appendAsLeader(batch(3, 40), 2);
            log.leaderEpochCache().assign(5, 3);
            log.appendAsLeader(batch(2, 40), 5);
            log.appendAsLeader(batch(1, 40), 5);
            log.leaderEpochCache().assign(7, 6);
            log.appendAsLeader(batch(4, 40), 7);
        }
        // the machine crashed before the file got epochs 5 and 7 to disk: the old content
        new LeaderEpochCheckpointFile(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME)).write(List.of(new EpochEntry(2, 0)));
        try (Log log = fx.openAfterCrash(dir, config(1 << 20, 64))) {
            List<EpochEntry> rebuilt = List.of(new EpochEntry(2, 0), new EpochEntry(5, 3), new EpochEntry(7, 6));
            assertEquals(rebuilt, log.leaderEpochCache().entries());
            assertEquals(new EpochEndOffset(5, 6), log.endOffsetForEpoch(5), "a follower truncating by epoch 5 stops at 6");
            assertEquals(rebuilt, new LeaderEpochCheckpointFile(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME)).read());
        }
    }

    @Test
    void flippedBitInAMiddleBatchTruncatesThereAndDropsLaterSegments() throws IOException {
        int oneBatch = batch(2, 50).sizeInBytes();
        LogConfig cfg = config(oneBatch * 3, 1);
        try (Log log = fx.open(dir(), cfg)) {
            for (int i = 0; i < 8; i++) {
                log.appendAsLeader(batch(2, 50), 0); // 3 batches per segment: segments at 0, 6, 12
            }
        }
        assertTrue(Files.exists(logFile(dir(), 12)));
        // second batch of segment 6 holds offsets 8..9; flip a bit in one of its record bytes
        int position = oneBatch + RecordBatch.HEADER_SIZE + 5;
        flipBit(logFile(dir(), 6), position);
        try (Log log = fx.openAfterCrash(dir(), cfg)) {
            assertEquals(8, log.logEndOffset());
            assertEquals(2, log.numberOfSegments());
            assertEquals(1, log.loadResult().segmentsDeletedAfterCorruption());
            assertFalse(Files.exists(logFile(dir(), 12)));
            assertEquals(List.of(0L, 2L, 4L, 6L), LogFixture.readAll(log).stream().map(RecordBatch::baseOffset).toList());
            assertEquals(8, log.appendAsLeader(batch(1, 10), 0).firstOffset());
        }
    }

    @Test
    void batchWhoseOffsetGoesBackwardsIsTreatedAsCorrupt() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            for (int i = 0; i < 4; i++) {
                log.appendAsLeader(batch(2, 10), 0);
            }
        }
        int oneBatch = batch(2, 10).sizeInBytes();
        try (var ch = java.nio.channels.FileChannel.open(logFile(dir(), 0), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).putLong(0, 1L), 2L * oneBatch); // third batch claims offset 1
        }
        try (Log log = fx.openAfterCrash(dir(), LogConfig.DEFAULT)) {
            assertEquals(4, log.logEndOffset());
        }
    }

    @Test
    void cleanReopenSkipsRecoveryAndKeepsEverything() throws IOException {
        int oneBatch = batch(2, 50).sizeInBytes();
        LogConfig cfg = config(oneBatch * 3, 1);
        try (Log log = fx.open(dir(), cfg)) {
            for (int i = 0; i < 8; i++) {
                log.appendAsLeader(batch(2, 50), 0);
            }
        }
        // A flipped bit would be found by recovery; a clean open does not look for it.
        flipBit(logFile(dir(), 6), RecordBatch.HEADER_SIZE + 5);
        try (Log log = fx.open(dir(), cfg)) {
            LoadResult result = log.loadResult();
            assertTrue(result.hadCleanShutdown());
            assertEquals(0, result.segmentsRecovered());
            assertEquals(0, result.indexesRebuilt());
            assertEquals(3, result.segmentsLoaded());
            assertEquals(16, log.logEndOffset());
        }
    }

    @Test
    void uncleanReopenRecoversOnlySegmentsFromTheRecoveryPointOn() throws IOException {
        int oneBatch = batch(2, 50).sizeInBytes();
        LogConfig cfg = config(oneBatch * 3, 1);
        try (Log log = fx.open(dir(), cfg)) {
            for (int i = 0; i < 8; i++) {
                log.appendAsLeader(batch(2, 50), 0);
            }
        }
        try (Log log = Log.open(dir(), cfg, 0L, 7L, false, fx.clock::get, null)) {
            assertEquals(2, log.loadResult().segmentsRecovered());
            assertEquals(16, log.logEndOffset());
            assertEquals(7, log.recoveryPoint(), "what was recovered is not on disk until a flush says so");
        }
    }

    @Test
    void recoveryPointAfterAnUncleanLoadIsTheCheckpointCappedAtTheLogEndUntilAFlushMovesIt() throws IOException {
        LogConfig cfg = config(batch(2, 50).sizeInBytes() * 3, 1);
        writeEightBatchesInThreeSegments(cfg);
        try (Log log = Log.open(dir(), cfg, 0L, 100L, false, fx.clock::get, null)) {
            assertEquals(16, log.recoveryPoint(), "a checkpoint past the log end is capped");
        }
        try (Log log = Log.open(dir(), cfg, 0L, 0L, false, fx.clock::get, null)) {
            assertEquals(3, log.loadResult().segmentsRecovered());
            assertEquals(0, log.recoveryPoint());
            log.flush();
            assertEquals(16, log.recoveryPoint());
        }
    }

    @Test
    void cleanLoadPutsTheRecoveryPointAtTheLogEnd() throws IOException {
        LogConfig cfg = config(batch(2, 50).sizeInBytes() * 3, 1);
        writeEightBatchesInThreeSegments(cfg);
        try (Log log = Log.open(dir(), cfg, 0L, 0L, true, fx.clock::get, null)) {
            assertEquals(0, log.loadResult().segmentsRecovered());
            assertEquals(16, log.recoveryPoint());
        }
    }

    @Test
    void secondUncleanRestartRevalidatesWhatTheFirstRecoveredButNeverFlushed() throws IOException {
        LogConfig cfg = config(batch(2, 50).sizeInBytes() * 3, 1);
        writeEightBatchesInThreeSegments(cfg); // segments at 0, 6 and 12
        long checkpointed;
        try (Log log = Log.open(dir(), cfg, 0L, 7L, false, fx.clock::get, null)) {
            assertEquals(16, log.logEndOffset());
            checkpointed = log.recoveryPoint(); // what the periodic checkpoint writes before the next crash
        }
        // the second crash loses a page of segment 6 that the first recovery read but never forced
        flipBit(logFile(dir(), 6), batch(2, 50).sizeInBytes() + RecordBatch.HEADER_SIZE + 5);
        try (Log log = Log.open(dir(), cfg, 0L, checkpointed, false, fx.clock::get, null)) {
            assertEquals(1, log.loadResult().segmentsRecovered(), "segment 6 again; 12 goes after the cut");
            assertEquals(8, log.logEndOffset(), "cut at the damaged batch 8..9");
            assertEquals(1, log.loadResult().segmentsDeletedAfterCorruption());
            assertEquals(7, log.recoveryPoint());
            assertEveryOffsetReadable(log);
        }
    }

    @Test
    void dataBelowTheRecoveryPointSurvivesAnUncleanRestartWithATornTail() throws IOException {
        LogConfig cfg = config(batch(2, 50).sizeInBytes() * 3, 1);
        writeEightBatchesInThreeSegments(cfg);
        Path active = logFile(dir(), 12);
        try (RandomAccessFile raf = new RandomAccessFile(active.toFile(), "rw")) {
            raf.setLength(raf.length() - 7); // the last batch (14..15) is torn
        }
        try (Log log = Log.open(dir(), cfg, 0L, 12L, false, fx.clock::get, null)) {
            assertEquals(1, log.loadResult().segmentsRecovered(), "only the segment past the recovery point");
            assertEquals(14, log.logEndOffset());
            assertEquals(12, log.recoveryPoint());
            assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 10L, 12L),
                    LogFixture.readAll(log).stream().map(RecordBatch::baseOffset).toList());
            assertEveryOffsetReadable(log);
            assertEquals(14, log.appendAsLeader(batch(1, 10), 0).firstOffset());
        }
    }

    @Test
    void recoveryReadsSegmentsLargerThanOneReadAndBatchesLargerThanOneRead() throws IOException {
        LogConfig cfg = config(8 << 20, 4096);
        try (Log log = fx.open(dir(), cfg)) {
            for (int i = 0; i < 40; i++) {
                log.appendAsLeader(batch(3, i == 20 ? 100_000 : 9_000), 0); // ~1.3 MB, one batch above 256 KB
            }
        }
        int size = (int) Files.size(logFile(dir(), 0));
        try (RandomAccessFile raf = new RandomAccessFile(logFile(dir(), 0).toFile(), "rw")) {
            raf.setLength(size - 100);
        }
        try (Log log = fx.openAfterCrash(dir(), cfg)) {
            assertEquals(39 * 3, log.logEndOffset());
            assertEveryOffsetReadable(log);
        }
    }

    private void writeEightBatchesInThreeSegments(LogConfig cfg) throws IOException {
        try (Log log = fx.open(dir(), cfg)) {
            for (int i = 0; i < 8; i++) {
                log.appendAsLeader(batch(2, 50), 0); // 3 batches per segment: segments at 0, 6, 12
            }
        }
        assertTrue(Files.exists(logFile(dir(), 12)));
    }

    @Test
    void missingIndexesAreRebuiltAndLookupsStayCorrect() throws IOException {
        List<OffsetPosition> offsetEntries;
        List<TimestampOffset> timeEntries;
        try (Log log = fx.open(dir(), config(1 << 20, 100))) {
            for (int i = 0; i < 30; i++) {
                log.appendAsLeader(TestBatches.batch(2, 30, 1_000L + i), 0);
            }
            offsetEntries = entries(log.activeSegment().offsetIndex());
            timeEntries = entries(log.activeSegment().timeIndex());
        }
        assertTrue(offsetEntries.size() > 5, "entries: " + offsetEntries.size());
        Files.delete(LogSegment.offsetIndexFile(dir(), 0));
        Files.delete(LogSegment.timeIndexFile(dir(), 0));
        try (Log log = fx.open(dir(), config(1 << 20, 100))) {
            assertEquals(1, log.loadResult().indexesRebuilt());
            assertEquals(offsetEntries, entries(log.activeSegment().offsetIndex()));
            assertEquals(timeEntries, entries(log.activeSegment().timeIndex()));
            assertEveryOffsetReadable(log);
        }
    }

    @Test
    void corruptOffsetIndexIsRebuilt() throws IOException {
        List<OffsetPosition> offsetEntries;
        try (Log log = fx.open(dir(), config(1 << 20, 100))) {
            for (int i = 0; i < 30; i++) {
                log.appendAsLeader(batch(2, 30), 0);
            }
            offsetEntries = entries(log.activeSegment().offsetIndex());
        }
        try (var ch = java.nio.channels.FileChannel.open(LogSegment.offsetIndexFile(dir(), 0), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).putInt(0, 1_000_000).putInt(4, 0), 0); // first entry above the rest
        }
        try (Log log = fx.open(dir(), config(1 << 20, 100))) {
            assertEquals(1, log.loadResult().indexesRebuilt());
            assertEquals(offsetEntries, entries(log.activeSegment().offsetIndex()));
            assertEveryOffsetReadable(log);
        }
    }

    @Test
    void timeIndexOfImpossibleSizeIsRebuilt() throws IOException {
        try (Log log = fx.open(dir(), config(1 << 20, 100))) {
            for (int i = 0; i < 30; i++) {
                log.appendAsLeader(TestBatches.batch(2, 30, 1_000L + i), 0);
            }
        }
        Files.write(LogSegment.timeIndexFile(dir(), 0), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        try (Log log = fx.open(dir(), config(1 << 20, 100))) {
            assertEquals(1, log.loadResult().indexesRebuilt());
            log.activeSegment().timeIndex().sanityCheck();
            assertEquals(1_029L, log.activeSegment().maxTimestampSoFar());
            assertEveryOffsetReadable(log);
        }
    }

    @Test
    void leftoverTemporaryFilesAreDeletedOnLoad() throws IOException {
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            log.appendAsLeader(batch(2, 10), 0);
        }
        for (String name : List.of("00000000000000000000.log.deleted", "00000000000000000000.log.cleaned",
                "00000000000000000000.log.swap", "00000000000000000099.index")) {
            Files.write(dir().resolve(name), new byte[] {1});
        }
        try (Log log = fx.open(dir(), LogConfig.DEFAULT)) {
            assertEquals(4, log.loadResult().leftoverFilesDeleted());
            assertEquals(2, log.logEndOffset());
        }
        try (Stream<Path> files = Files.list(dir())) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("00000000000000000000.index", "00000000000000000000.log",
                    "00000000000000000000.timeindex", "leader-epoch-checkpoint"), names);
        }
    }

    private void assertEveryOffsetReadable(Log log) throws IOException {
        for (long offset = 0; offset < log.logEndOffset(); offset++) {
            RecordBatch b = LogFixture.batchesOf(log.read(offset, 1, Long.MAX_VALUE, true)).get(0);
            assertTrue(b.baseOffset() <= offset && offset <= b.lastOffset(), "offset " + offset + " read " + b);
        }
    }

    private static List<OffsetPosition> entries(OffsetIndex index) {
        List<OffsetPosition> out = new ArrayList<>();
        for (int i = 0; i < index.entries(); i++) {
            out.add(index.entry(i));
        }
        return out;
    }

    private static List<TimestampOffset> entries(TimeIndex index) {
        List<TimestampOffset> out = new ArrayList<>();
        for (int i = 0; i < index.entries(); i++) {
            out.add(index.entry(i));
        }
        return out;
    }

    private static void flipBit(Path file, int position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x10);
        }
    }
}
