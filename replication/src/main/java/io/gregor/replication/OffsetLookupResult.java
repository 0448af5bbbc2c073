package io.gregor.replication;

import io.gregor.clients.protocol.Errors;

/** A ListOffsets answer for one partition: timestamp, offset and leader epoch, -1 each when none. */
public record OffsetLookupResult(Errors error, long timestamp, long offset, int leaderEpoch) {
    public static final long EARLIEST_TIMESTAMP = -2L;
    public static final long LATEST_TIMESTAMP = -1L;
    public static final long MAX_TIMESTAMP = -3L;
    public static final long EARLIEST_LOCAL_TIMESTAMP = -4L;
    public static final long LATEST_TIERED_TIMESTAMP = -5L;

    public static OffsetLookupResult error(Errors error) {
        return new OffsetLookupResult(error, -1L, -1L, -1);
    }

    public static OffsetLookupResult none() {
        return new OffsetLookupResult(Errors.NONE, -1L, -1L, -1);
    }
}
