package io.gregor.core.log;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Shared helpers for log tests: configs with tiny sizes, a settable clock, reading a fetch back as batches. */
final class LogFixture {
    final AtomicLong clock = new AtomicLong(1_000_000L);

    static LogConfig config(int segmentBytes, int indexIntervalBytes) {
        return LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(segmentBytes),
                LogConfig.INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes)));
    }

    Log open(Path dir, LogConfig config) throws IOException {
        return Log.open(dir, config, 0L, 0L, true, clock::get, null);
    }

    /** Reopens after a crash: no clean-shutdown marker, recovery point 0 (re-validate everything). */
    Log openAfterCrash(Path dir, LogConfig config) throws IOException {
        return Log.open(dir, config, 0L, 0L, false, clock::get, null);
    }

    /** The bytes of a fetch result as Gregor batches (a trailing partial batch is left out). */
    static List<RecordBatch> batchesOf(FetchDataInfo info) throws IOException {
        int size = info.records().sizeInBytes();
        ByteBuffer buf = ByteBuffer.allocate(size);
        try (var channel = new java.nio.channels.WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                buf.put(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        }) {
            long written = 0;
            while (written < size) {
                written += info.records().writeTo(channel, written, (int) (size - written));
            }
        }
        buf.flip();
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

    /** Every batch of the log from the log start offset, read in small steps. */
    static List<RecordBatch> readAll(Log log) throws IOException {
        List<RecordBatch> all = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            List<RecordBatch> got = batchesOf(log.read(offset, 1, Long.MAX_VALUE, true));
            if (got.isEmpty()) {
                throw new AssertionError("no batch at offset " + offset + " of " + log);
            }
            for (RecordBatch b : got) {
                all.add(b);
                offset = b.nextOffset();
            }
        }
        return all;
    }

    static MemoryRecords batch(int records, int valueSize) {
        return TestBatches.batch(records, valueSize, 1_000L);
    }
}
