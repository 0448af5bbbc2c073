package io.gregor.clients.consumer;

/**
 * A committed position: the offset of the next record to consume, the leader epoch of the record
 * before it when known (-1 otherwise), and free-form metadata (may be null). As Kafka's OffsetAndMetadata.
 */
public record OffsetAndMetadata(long offset, int leaderEpoch, String metadata) {
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("committed offset " + offset + " is negative");
        }
    }

    public OffsetAndMetadata(long offset) {
        this(offset, -1, "");
    }

    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, -1, metadata);
    }
}
