package io.gregor.core.cleaner;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.FetchDataInfo;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers for compaction tests: keyed batches, compacted configs, reading a log back as records. */
final class CompactionFixture {
    private CompactionFixture() {
    }

    /** A keyed record as read back: offset, key, value (null for a tombstone). */
    record KeyedRecord(long offset, String key, String value) {
    }

    static LogConfig compacted(int segmentBytes) {
        return LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes),
                LogConfig.CLEANUP_POLICY, "compact", LogConfig.INDEX_INTERVAL_BYTES, "128"));
    }

    /** One batch of {@code keys} with {@code value} each (null value: tombstones), stamped {@code timestamp}. */
    static MemoryRecords batch(long timestamp, String value, Compression compression, String... keys) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(compression, 0L);
        for (String key : keys) {
            b.append(timestamp, key.getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }
        return copy(b.build());
    }

    static MemoryRecords batch(long timestamp, String value, String... keys) {
        return batch(timestamp, value, Compression.NONE, keys);
    }

    private static MemoryRecords copy(MemoryRecords records) {
        ByteBuffer src = records.buffer().duplicate();
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        return MemoryRecords.readableRecords(copy);
    }

    /** Every batch of the log from its start, read through {@link Log#read} batch by batch. */
    static List<RecordBatch> readBatches(Log log) throws IOException {
        List<RecordBatch> all = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            List<RecordBatch> got = batchesOf(log.read(offset, 1, Long.MAX_VALUE, true));
            if (got.isEmpty()) {
                break;
            }
            for (RecordBatch b : got) {
                all.add(b);
                offset = b.nextOffset();
            }
        }
        return all;
    }

    static List<KeyedRecord> readRecords(Log log) throws IOException {
        List<KeyedRecord> out = new ArrayList<>();
        for (RecordBatch b : readBatches(log)) {
            for (Record r : b.recordList()) {
                out.add(new KeyedRecord(r.offset(), r.hasKey() ? new String(r.keyBytes(), StandardCharsets.UTF_8) : null,
                        r.hasValue() ? new String(r.valueBytes(), StandardCharsets.UTF_8) : null));
            }
        }
        return out;
    }

    static List<RecordBatch> batchesOf(FetchDataInfo info) throws IOException {
        int size = info.records().sizeInBytes();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (WritableByteChannel channel = Channels.newChannel(bytes)) {
            long written = 0;
            while (written < size) {
                written += info.records().writeTo(channel, written, (int) (size - written));
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
        List<RecordBatch> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int batchSize = RecordBatch.sizeAt(buf, pos);
            if (batchSize < 0 || pos + batchSize > buf.limit()) {
                break;
            }
            out.add(new RecordBatch(buf.duplicate().position(pos).limit(pos + batchSize)));
            pos += batchSize;
        }
        return out;
    }
}
