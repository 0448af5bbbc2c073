package io.gregor.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.ControlRecordType;
import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchedRecordsTest {
    private static MemoryRecords batch(Compression c, long baseOffset, int count) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(c, baseOffset);
        for (int i = 0; i < count; i++) {
            b.append(1000 + i, ("k" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8),
                    ("v" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private static List<Long> offsets(FetchedRecords f) {
        return f.records().stream().map(e -> e.record().offset()).toList();
    }

    @Test
    void completeBatchesAreReturnedAndAPartialTrailingBatchIsLeftForTheNextFetch() {
        MemoryRecords all = MemoryRecords.concat(batch(Compression.NONE, 0, 3), batch(Compression.NONE, 3, 2),
                batch(Compression.NONE, 5, 4));
        ByteBuffer buf = all.buffer();
        int lastSize = RecordBatch.sizeAt(buf, buf.position() + all.sizeInBytes() - batch(Compression.NONE, 5, 4).sizeInBytes());
        for (int cut : new int[] {1, 11, RecordBatch.HEADER_SIZE, lastSize - 1}) {
            ByteBuffer truncated = buf.duplicate().limit(buf.limit() - cut);
            FetchedRecords f = FetchedRecords.parse(truncated, 0, true);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), offsets(f), "cut " + cut);
            assertEquals(5, f.nextFetchOffset());
            assertEquals(2, f.completeBatches());
            assertTrue(f.partialBatchDropped());
        }
        FetchedRecords whole = FetchedRecords.parse(buf, 0, true);
        assertEquals(9, whole.records().size());
        assertEquals(9, whole.nextFetchOffset());
        assertFalse(whole.partialBatchDropped());
    }

    @Test
    void recordsBeforeTheFetchOffsetInACompressedBatchAreSkipped() {
        MemoryRecords all = MemoryRecords.concat(batch(Compression.of(CompressionType.GZIP), 10, 5),
                batch(Compression.of(CompressionType.LZ4), 15, 2));
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 13, true);
        assertEquals(List.of(13L, 14L, 15L, 16L), offsets(f));
        assertEquals("v13", new String(f.records().get(0).record().valueBytes(), StandardCharsets.UTF_8));
        assertEquals(17, f.nextFetchOffset());
    }

    @Test
    void batchesEntirelyBeforeTheFetchOffsetAreSkipped() {
        MemoryRecords all = MemoryRecords.concat(batch(Compression.NONE, 0, 3), batch(Compression.NONE, 3, 2));
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 3, true);
        assertEquals(List.of(3L, 4L), offsets(f));
    }

    @Test
    void controlBatchesAreNotReturnedButMoveTheNextFetchOffset() {
        MemoryRecordsBuilder control = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 2, -1,
                7L, (short) 0, 0, true, true, 0);
        control.appendControlRecord(5, ControlRecordType.COMMIT, ByteBuffer.allocate(6));
        MemoryRecords all = MemoryRecords.concat(batch(Compression.NONE, 0, 2), control.build());
        FetchedRecords f = FetchedRecords.parse(all.buffer(), 0, true);
        assertEquals(List.of(0L, 1L), offsets(f));
        assertEquals(3, f.nextFetchOffset());
    }

    @Test
    void aBatchWithABadCrcIsRefusedWhenCrcsAreChecked() {
        MemoryRecords one = batch(Compression.NONE, 0, 2);
        ByteBuffer buf = ByteBuffer.allocate(one.sizeInBytes()).put(one.buffer()).flip();
        int last = buf.limit() - 1;
        buf.put(last, (byte) (buf.get(last) ^ 0x55));
        assertThrows(CorruptRecordException.class, () -> FetchedRecords.parse(buf.duplicate(), 0, true));
    }

    @Test
    void anEmptyResponseLeavesThePositionWhereItWas() {
        FetchedRecords f = FetchedRecords.parse(ByteBuffer.allocate(0), 42, true);
        assertEquals(42, f.nextFetchOffset());
        assertTrue(f.records().isEmpty());
    }
}
