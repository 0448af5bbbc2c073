package io.gregor.core.log;

/**
 * What an append wrote: the first and last offsets, the largest batch max timestamp and the
 * offset of the batch that carries it (the batch's last offset, as Kafka reports it for batch v2),
 * the log append time (-1 unless the topic uses LogAppendTime), the number of batches and bytes,
 * and the log start offset after the append.
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp,
                            long logAppendTime, int numBatches, int validBytes, long logStartOffset) {
    /** The number of offsets the append covered. */
    public long offsetCount() {
        return numBatches == 0 ? 0 : lastOffset - firstOffset + 1;
    }
}
