package io.gregor.replication;

import io.gregor.clients.record.CloseableIterator;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.index.TimestampOffset;
import io.gregor.core.log.FileBatch;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogSegment;
import java.util.Optional;

/**
 * Finds, in a log, the first record whose timestamp is at or after a target (ListOffsets by
 * timestamp) and the record with the largest timestamp (MAX_TIMESTAMP). Skips whole segments by
 * their largest timestamp, jumps into a segment with its time index, then walks batch headers; only
 * the one batch that straddles the target is decoded. Stateless.
 */
final class TimestampOffsetSearch {
    private TimestampOffsetSearch() {
    }

    /** The (timestamp, offset) of the first record with timestamp >= {@code target}, if any. */
    static Optional<TimestampOffset> firstAtOrAfter(Log log, long target) {
        for (LogSegment segment : log.segments()) {
            if (segment.maxTimestampSoFar() < target) {
                continue;
            }
            TimestampOffset hint = segment.timeIndex().lookup(target);
            long fromOffset = Math.max(hint.offset(), log.logStartOffset());
            FileBatch start = segment.translateOffset(fromOffset);
            if (start == null) {
                continue;
            }
            for (FileBatch batch : segment.records().batchesFrom(start.position())) {
                if (batch.maxTimestamp() < target || batch.lastOffset() < log.logStartOffset()) {
                    continue;
                }
                Optional<TimestampOffset> found = searchBatch(batch.load(), target, log.logStartOffset());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<TimestampOffset> searchBatch(RecordBatch batch, long target, long logStartOffset) {
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return Optional.of(new TimestampOffset(batch.maxTimestamp(), Math.max(batch.baseOffset(), logStartOffset)));
        }
        try (CloseableIterator<Record> records = batch.records()) {
            while (records.hasNext()) {
                Record r = records.next();
                if (r.timestamp() >= target && r.offset() >= logStartOffset) {
                    return Optional.of(new TimestampOffset(r.timestamp(), r.offset()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The (timestamp, offset) of the record with the largest timestamp, as Kafka answers
     * ListOffsets MAX_TIMESTAMP: in the first segment holding the largest timestamp, the first batch
     * whose max timestamp it is, and in that batch the first record carrying it (the batch's base
     * offset for LogAppendTime, where every record has the batch's time). Only that one batch is
     * decoded.
     */
    static Optional<TimestampOffset> maxTimestamp(Log log) {
        LogSegment best = null;
        long bestTimestamp = RecordBatch.NO_TIMESTAMP;
        for (LogSegment segment : log.segments()) {
            long ts = segment.maxTimestampSoFar();
            if (ts != RecordBatch.NO_TIMESTAMP && (best == null || ts > bestTimestamp)) {
                best = segment;
                bestTimestamp = ts;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        FileBatch hint = best.translateOffset(best.offsetOfMaxTimestampSoFar());
        for (FileBatch batch : best.records().batchesFrom(hint == null ? 0 : hint.position())) {
            if (batch.maxTimestamp() == bestTimestamp) {
                return Optional.of(new TimestampOffset(bestTimestamp, offsetOfMaxTimestamp(batch.load())));
            }
        }
        return Optional.empty();
    }

    /** The offset of the first record of {@code batch} whose timestamp is the batch's max timestamp. */
    static long offsetOfMaxTimestamp(RecordBatch batch) {
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            return batch.baseOffset();
        }
        try (CloseableIterator<Record> records = batch.records()) {
            while (records.hasNext()) {
                Record r = records.next();
                if (r.timestamp() == batch.maxTimestamp()) {
                    return r.offset();
                }
            }
        }
        return batch.lastOffset();
    }
}
