package io.gregor.core.log;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.SimpleRecord;

/** Builds record batches with Apache Kafka's client library and wraps them as Gregor {@link MemoryRecords}. */
final class TestBatches {
    private TestBatches() {
    }

    /** One uncompressed batch of {@code records} records of {@code valueSize} bytes, all stamped {@code timestamp}. */
    static MemoryRecords batch(int records, int valueSize, long timestamp) {
        return batchAt(0L, records, valueSize, timestamp);
    }

    /** As {@link #batch} but with base offset {@code baseOffset} (follower appends). */
    static MemoryRecords batchAt(long baseOffset, int records, int valueSize, long timestamp) {
        SimpleRecord[] simple = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueSize];
            for (int j = 0; j < valueSize; j++) {
                value[j] = (byte) (baseOffset + i + j);
            }
            simple[i] = new SimpleRecord(timestamp, ("k" + i).getBytes(), value);
        }
        org.apache.kafka.common.record.MemoryRecords kafka =
                org.apache.kafka.common.record.MemoryRecords.withRecords(baseOffset, Compression.NONE, simple);
        return copyOf(kafka.buffer());
    }

    /** Several batches back to back, one per entry of {@code recordCounts}. */
    static MemoryRecords batches(long timestamp, int valueSize, int... recordCounts) {
        List<ByteBuffer> parts = new ArrayList<>();
        int total = 0;
        for (int count : recordCounts) {
            ByteBuffer b = batch(count, valueSize, timestamp).buffer();
            parts.add(b);
            total += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(all::put);
        all.flip();
        return MemoryRecords.readableRecords(all);
    }

    static MemoryRecords copyOf(ByteBuffer buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer.duplicate());
        copy.flip();
        return MemoryRecords.readableRecords(copy);
    }

    /** The batches of {@code records} as (base offset, last offset) pairs. */
    static List<long[]> offsetRanges(MemoryRecords records) {
        List<long[]> ranges = new ArrayList<>();
        for (RecordBatch b : records.batches()) {
            ranges.add(new long[] {b.baseOffset(), b.lastOffset()});
        }
        return ranges;
    }
}
