package io.gregor.replication.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FetchedRecordsTest {
    @Test
    void batchCutOffByTheSizeLimitIsDropped() {
        MemoryRecords two = MemoryRecords.concat(batch(0, "a"), batch(1, "bb"));
        int firstSize = batch(0, "a").sizeInBytes();
        for (int cut = 1; cut < two.sizeInBytes() - firstSize; cut++) {
            ByteBuffer truncated = two.buffer().limit(two.sizeInBytes() - cut).slice();
            MemoryRecords kept = FetchedRecords.wholeBatches(MemoryRecords.readableRecords(truncated));
            assertEquals(firstSize, kept.sizeInBytes(), "cut " + cut);
            RecordBatch only = kept.batches().iterator().next();
            assertEquals(0L, only.baseOffset());
        }
        assertEquals(two.sizeInBytes(), FetchedRecords.wholeBatches(two).sizeInBytes());
        assertEquals(0, FetchedRecords.wholeBatches(MemoryRecords.EMPTY).sizeInBytes());
    }

    private static MemoryRecords batch(long baseOffset, String value) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, baseOffset);
        b.append(1000L, null, value.getBytes(StandardCharsets.UTF_8));
        return b.build();
    }
}
