package io.gregor.core.log;

/**
 * A read or offset change asked for an offset outside [log start offset, log end offset]. Maps to
 * Kafka's OFFSET_OUT_OF_RANGE (1).
 */
public class OffsetOutOfRangeException extends RuntimeException {
    private final TopicPartition topicPartition;
    private final long requestedOffset;
    private final long logStartOffset;
    private final long logEndOffset;

    public OffsetOutOfRangeException(TopicPartition topicPartition, long requestedOffset, long logStartOffset,
                                     long logEndOffset) {
        super("offset " + requestedOffset + " is out of range for " + topicPartition + ": log start offset "
                + logStartOffset + ", log end offset " + logEndOffset);
        this.topicPartition = topicPartition;
        this.requestedOffset = requestedOffset;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public long requestedOffset() {
        return requestedOffset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }
}
