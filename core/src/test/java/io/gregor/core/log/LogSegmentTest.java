package io.gregor.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.MemoryRecords;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSegmentTest {
    @TempDir
    Path dir;

    private static final LogConfig CONFIG = LogFixture.config(1 << 20, 0);

    private LogSegment segmentWith(long base, int batches) throws IOException {
        LogSegment segment = LogSegment.open(dir, base, CONFIG, 0L);
        for (int i = 0; i < batches; i++) {
            long first = base + i * 2L;
            MemoryRecords batch = TestBatches.batchAt(first, 2, 30, 100L + i);
            segment.append(first + 1, batch, 0L);
        }
        return segment;
    }

    @Test
    void fileNamesAreTheBaseOffsetIn20Digits() {
        assertEquals("00000000000000001234", LogSegment.filenamePrefix(1234));
        assertEquals(1234L, LogSegment.offsetFromFileName("00000000000000001234.timeindex"));
    }

    @Test
    void readHonoursMaxPositionAndMinOneMessage() throws IOException {
        try (LogSegment segment = segmentWith(50, 4)) {
            int batchSize = segment.size() / 4;
            FetchDataInfo upToSecond = segment.read(51, 100_000, 2L * batchSize, false);
            assertEquals(2L * batchSize, upToSecond.records().sizeInBytes());
            assertEquals(new LogOffsetMetadata(51, 50, 0), upToSecond.fetchOffsetMetadata());
            FetchDataInfo third = segment.read(54, 1, segment.size(), true);
            assertEquals(List.of(54L), LogFixture.batchesOf(third).stream().map(b -> b.baseOffset()).toList());
            assertEquals(2 * batchSize, third.fetchOffsetMetadata().relativePositionInSegment());
            assertTrue(segment.read(54, 1, segment.size(), false).records().sizeInBytes() == 1);
            assertNull(segment.read(58, 100, segment.size(), true));
        }
    }

    @Test
    void indexEntryEveryIntervalAndRecoverRebuildsTheSameEntries() throws IOException {
        try (LogSegment segment = segmentWith(0, 10)) {
            assertEquals(9, segment.offsetIndex().entries(), "interval 0: every batch after the first");
            assertEquals(0, segment.offsetIndex().lookup(1).offset(), "no entry below 3: start of the segment");
            assertEquals(3, segment.offsetIndex().lookup(4).offset());
            var before = segment.offsetIndex().lastEntry();
            assertEquals(0, segment.recover());
            assertEquals(before, segment.offsetIndex().lastEntry());
            assertEquals(109L, segment.maxTimestampSoFar());
            assertEquals(20, segment.readNextOffset());
        }
    }

    @Test
    void recoverCutsATornTailAndReturnsTheBytesRemoved() throws IOException {
        int full;
        try (LogSegment segment = segmentWith(0, 3)) {
            full = segment.size();
        }
        try (RandomAccessFile raf = new RandomAccessFile(LogSegment.logFile(dir, 0).toFile(), "rw")) {
            raf.setLength(full - 7);
        }
        try (LogSegment segment = LogSegment.open(dir, 0, CONFIG, 0L)) {
            int batchSize = full / 3;
            assertEquals(batchSize - 7, segment.recover());
            assertEquals(2L * batchSize, segment.size());
            assertEquals(4, segment.readNextOffset());
        }
    }

    @Test
    void truncateToCutsAtTheBatchHoldingTheOffset() throws IOException {
        try (LogSegment segment = segmentWith(0, 5)) {
            int batchSize = segment.size() / 5;
            assertEquals(2 * batchSize, segment.truncateTo(7)); // batch 6..7 and 8..9 go
            assertEquals(6, segment.readNextOffset());
            assertEquals(102L, segment.maxTimestampSoFar());
            assertTrue(segment.offsetIndex().lastOffset() < 6);
        }
    }

    @Test
    void closeClosesTheLogAndTrimsTheTimeIndexWhenTheOffsetIndexFails() throws IOException {
        LogSegment segment = segmentWith(0, 5);
        Path timeIndex = LogSegment.timeIndexFile(dir, 0);
        assertTrue(Files.size(timeIndex) > segment.timeIndex().sizeInBytes(), "an active segment's index is preallocated");
        // the offset index file turns into a directory: trimming it on close fails like a lost file would
        replaceWithDirectory(LogSegment.offsetIndexFile(dir, 0), false);

        assertThrows(UncheckedIOException.class, segment::close);

        assertFalse(segment.records().channel().isOpen(), "the .log channel is closed anyway");
        assertEquals(segment.timeIndex().sizeInBytes(), Files.size(timeIndex), "the time index is trimmed anyway");
    }

    @Test
    void deleteIfExistsDeletesTheOtherFilesWhenTheIndexCannotBeDeleted() throws IOException {
        LogSegment segment = segmentWith(0, 3);
        Path index = LogSegment.offsetIndexFile(dir, 0);
        replaceWithDirectory(index, true);

        DirectoryNotEmptyException thrown = assertThrows(DirectoryNotEmptyException.class, segment::deleteIfExists);

        assertEquals(index.toString(), thrown.getFile());
        assertFalse(segment.records().channel().isOpen());
        assertFalse(Files.exists(LogSegment.logFile(dir, 0)), "the .log is deleted anyway");
        assertFalse(Files.exists(LogSegment.timeIndexFile(dir, 0)), "the .timeindex is deleted anyway");
    }

    @Test
    void theFirstFailureIsThrownWithLaterOnesSuppressed() throws IOException {
        LogSegment segment = segmentWith(0, 3);
        Path index = LogSegment.offsetIndexFile(dir, 0);
        Path timeIndex = LogSegment.timeIndexFile(dir, 0);
        replaceWithDirectory(index, true);
        replaceWithDirectory(timeIndex, true);

        DirectoryNotEmptyException thrown = assertThrows(DirectoryNotEmptyException.class, segment::deleteIfExists);

        assertEquals(index.toString(), thrown.getFile());
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals(timeIndex.toString(), ((DirectoryNotEmptyException) thrown.getSuppressed()[0]).getFile());
        assertFalse(Files.exists(LogSegment.logFile(dir, 0)));
    }

    /** Replaces {@code file} by a directory of that name (holding a file when {@code nonEmpty}), which no file operation accepts. */
    private static void replaceWithDirectory(Path file, boolean nonEmpty) throws IOException {
        Files.delete(file);
        Files.createDirectory(file);
        if (nonEmpty) {
            Files.createFile(file.resolve("occupant"));
        }
    }
}
