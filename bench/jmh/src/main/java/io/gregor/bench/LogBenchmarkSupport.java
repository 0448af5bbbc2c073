package io.gregor.bench;

import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/** Builds valid-looking uncompressed batches (correct header and CRC, random record bytes) and cleans temp dirs. */
final class LogBenchmarkSupport {
    private LogBenchmarkSupport() {
    }

    /**
     * The log config of the append benchmarks: 64 MiB segments and 192 MiB retention, so a long run
     * rolls and deletes segments (deleted at once) instead of filling the disk.
     */
    static LogConfig appendConfig() {
        return LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(64 << 20),
                LogConfig.RETENTION_BYTES, Integer.toString(192 << 20), LogConfig.FILE_DELETE_DELAY_MS, "0"));
    }

    /** A batch of exactly {@code size} bytes claiming {@code records} records, stamped {@code timestamp}. */
    static ByteBuffer batch(int size, int records, long timestamp) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.putLong(RecordBatch.BASE_OFFSET_OFFSET, 0L);
        buf.putInt(RecordBatch.LENGTH_OFFSET, size - RecordBatch.LOG_OVERHEAD);
        buf.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, 0);
        buf.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        buf.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 0);
        buf.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, records - 1);
        buf.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, timestamp);
        buf.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, timestamp);
        buf.putLong(RecordBatch.PRODUCER_ID_OFFSET, RecordBatch.NO_PRODUCER_ID);
        buf.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, RecordBatch.NO_PRODUCER_EPOCH);
        buf.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, RecordBatch.NO_SEQUENCE);
        buf.putInt(RecordBatch.RECORDS_COUNT_OFFSET, records);
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(RecordBatch.ATTRIBUTES_OFFSET));
        buf.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        new RecordBatch(buf.duplicate()).ensureValid();
        return buf;
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
