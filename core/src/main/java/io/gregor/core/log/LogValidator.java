package io.gregor.core.log;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;

/**
 * Checks batches before they enter a log and, for leader appends, rewrites the header fields a
 * broker owns (base offset, partition leader epoch, LogAppendTime max timestamp) in place. Works
 * on headers and CRCs only; records are never decoded. Stateless.
 */
final class LogValidator {
    /** The offsets and timestamps an append covers; {@code numBatches} 0 for an empty append. */
    record Validated(long firstOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp, int numBatches) {
        static final Validated EMPTY = new Validated(-1L, -1L, RecordBatch.NO_TIMESTAMP, -1L, 0);
    }

    private LogValidator() {
    }

    /** Size against {@code max.message.bytes}, then magic, CRC and counts of every batch. */
    static void validateBatches(MemoryRecords records, LogConfig config, TopicPartition tp) {
        for (RecordBatch batch : records.batches()) {
            if (batch.sizeInBytes() > config.maxMessageBytes()) {
                throw new RecordBatchTooLargeException("batch of " + batch.sizeInBytes() + " bytes for " + tp
                        + " is larger than max.message.bytes " + config.maxMessageBytes());
            }
            batch.ensureValid();
        }
    }

    /**
     * Gives the batches contiguous offsets from {@code firstOffset} and the leader epoch; with
     * {@code logAppendTimeMs >= 0} also stamps that time as their max timestamp.
     */
    static Validated assignOffsets(MemoryRecords records, long firstOffset, int leaderEpoch, long logAppendTimeMs) {
        Summary summary = new Summary();
        long next = firstOffset;
        for (RecordBatch batch : records.batches()) {
            batch.setBaseOffset(next);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTimeMs >= 0) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTimeMs);
            }
            summary.add(batch);
            next = batch.nextOffset();
        }
        return summary.result();
    }

    /**
     * Checks that follower batches start after {@code logEndOffset - 1} and that offsets increase
     * from batch to batch; {@link InvalidAppendOffsetException} otherwise.
     */
    static Validated checkFollowerOffsets(MemoryRecords records, long logEndOffset, TopicPartition tp) {
        Summary summary = new Summary();
        long previousLast = logEndOffset - 1;
        for (RecordBatch batch : records.batches()) {
            if (batch.baseOffset() <= previousLast || batch.lastOffset() < batch.baseOffset()) {
                throw new InvalidAppendOffsetException("follower append to " + tp + " has batch " + batch.baseOffset()
                        + ".." + batch.lastOffset() + " not after offset " + previousLast + " (log end offset "
                        + logEndOffset + ")");
            }
            summary.add(batch);
            previousLast = batch.lastOffset();
        }
        return summary.result();
    }

    /** Accumulates first/last offsets and the max timestamp over batches. */
    private static final class Summary {
        long first = -1L;
        long last = -1L;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = -1L;
        int count;

        void add(RecordBatch batch) {
            if (count == 0) {
                first = batch.baseOffset();
            }
            if (batch.maxTimestamp() > maxTimestamp || offsetOfMaxTimestamp < 0) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = batch.lastOffset();
            }
            last = batch.lastOffset();
            count++;
        }

        Validated result() {
            return count == 0 ? Validated.EMPTY : new Validated(first, last, maxTimestamp, offsetOfMaxTimestamp, count);
        }
    }
}
