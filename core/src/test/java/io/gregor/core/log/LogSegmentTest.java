package io.gregor.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.MemoryRecords;
import java.io.IOException;
import java.io.RandomAccessFile;
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
}
