package io.gregor.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRecordsTest {
    @TempDir
    Path dir;

    private static MemoryRecords withOffsets(long base, int records) {
        return TestBatches.batchAt(base, records, 20, 1_000L);
    }

    @Test
    void appendSliceAndTransferBackTheSameBytes() throws IOException {
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log"))) {
            MemoryRecords a = withOffsets(0, 2);
            MemoryRecords b = withOffsets(2, 3);
            file.append(a);
            file.append(b);
            assertEquals(a.sizeInBytes() + b.sizeInBytes(), file.sizeInBytes());
            FileRecords slice = file.slice(a.sizeInBytes(), 1_000_000);
            assertEquals(b.sizeInBytes(), slice.sizeInBytes());
            assertEquals(a.sizeInBytes(), slice.position());
            List<RecordBatch> got = LogFixture.batchesOf(new FetchDataInfo(LogOffsetMetadata.offsetOnly(2), slice));
            assertEquals(1, got.size());
            assertEquals(b.buffer(), got.get(0).buffer());
            file.append(withOffsets(5, 1));
            assertEquals(b.sizeInBytes(), slice.sizeInBytes(), "a slice does not grow");
        }
    }

    @Test
    void searchForOffsetFindsTheBatchHoldingIt() throws IOException {
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log"))) {
            file.append(withOffsets(0, 2));
            file.append(withOffsets(2, 3));
            file.append(withOffsets(10, 1));
            assertEquals(0, file.searchForOffset(0, 1).baseOffset());
            assertEquals(2, file.searchForOffset(0, 4).baseOffset());
            assertEquals(10, file.searchForOffset(0, 6).baseOffset());
            assertNull(file.searchForOffset(0, 11));
        }
    }

    @Test
    void iterationStopsAtATornTailAndTruncateCutsIt() throws IOException {
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log"))) {
            MemoryRecords a = withOffsets(0, 2);
            file.append(a);
            ByteBuffer torn = withOffsets(2, 3).buffer().limit(30);
            file.append(MemoryRecords.readableRecords(torn));
            List<FileBatch> batches = new ArrayList<>();
            file.batches().forEach(batches::add);
            assertEquals(1, batches.size());
            assertEquals(30, file.truncateTo(a.sizeInBytes()));
            assertEquals(a.sizeInBytes(), file.sizeInBytes());
        }
    }

    @Test
    void lengthFieldSmallerThanAHeaderIsCorrupt() throws IOException {
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log"))) {
            ByteBuffer bad = withOffsets(0, 2).buffer();
            bad.putInt(RecordBatch.LENGTH_OFFSET, 3);
            file.append(MemoryRecords.readableRecords(bad));
            assertThrows(CorruptRecordException.class, () -> file.batches().iterator().hasNext());
        }
    }

    @Test
    void chunkedAndReadAheadIterationSeeTheSameBatchesAsOneReadPerBatchAtEveryChunkSize() throws IOException {
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log"))) {
            long offset = 0;
            for (int records : new int[] {1, 4, 2, 9, 1, 3}) {
                file.append(withOffsets(offset, records));
                offset += records;
            }
            file.append(MemoryRecords.readableRecords(withOffsets(offset, 2).buffer().limit(70))); // torn tail
            List<Long> expected = new ArrayList<>();
            file.batches().forEach(b -> expected.add(b.baseOffset()));
            assertEquals(List.of(0L, 1L, 5L, 7L, 16L, 17L), expected);
            for (int chunk = 1; chunk <= file.sizeInBytes() + 1; chunk++) {
                List<Long> loaded = new ArrayList<>();
                for (RecordBatch b : file.loadedBatches(chunk)) {
                    b.ensureValid();
                    loaded.add(b.baseOffset());
                }
                assertEquals(expected, loaded, "chunks of " + chunk);
                List<Long> headers = new ArrayList<>();
                file.batchesFrom(0, chunk).forEach(b -> headers.add(b.baseOffset()));
                assertEquals(expected, headers, "read ahead " + chunk);
            }
        }
    }

    @Test
    void chunkedIterationFindsALengthFieldSmallerThanAHeaderCorrupt() throws IOException {
        try (FileRecords file = FileRecords.open(dir.resolve("00000000000000000000.log"))) {
            file.append(withOffsets(0, 2));
            ByteBuffer bad = withOffsets(2, 2).buffer();
            bad.putInt(RecordBatch.LENGTH_OFFSET, 3);
            file.append(MemoryRecords.readableRecords(bad));
            var batches = file.loadedBatches(1 << 16).iterator();
            assertEquals(0, batches.next().baseOffset());
            assertThrows(CorruptRecordException.class, batches::hasNext);
            var headers = file.batchesFrom(0, 1 << 16).iterator();
            assertEquals(0, headers.next().baseOffset());
            assertThrows(CorruptRecordException.class, headers::hasNext);
        }
    }
}
