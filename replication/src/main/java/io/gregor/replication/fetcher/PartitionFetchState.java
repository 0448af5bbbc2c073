package io.gregor.replication.fetcher;

/**
 * Where a follower partition stands in its fetcher: the next offset to fetch, the leader epoch it
 * follows, whether it must first find where its log diverges from the leader's (after becoming a
 * follower), until when it is backed off after an error, and its lag in records behind the leader
 * after the last fetch answered for it (the leader's high watermark in that answer minus the next
 * offset to fetch, as Kafka's fetcher lag; 0 before the first).
 */
record PartitionFetchState(long fetchOffset, int leaderEpoch, boolean truncating, long delayedUntilMs, long lag) {
    /** A partition's state as it is added to a fetcher: no lag known yet. */
    PartitionFetchState(long fetchOffset, int leaderEpoch, boolean truncating, long delayedUntilMs) {
        this(fetchOffset, leaderEpoch, truncating, delayedUntilMs, 0L);
    }

    boolean isReady(long nowMs) {
        return nowMs >= delayedUntilMs;
    }

    PartitionFetchState fetchingFrom(long offset) {
        return new PartitionFetchState(offset, leaderEpoch, false, 0L, lag);
    }

    /** Fetched up to {@code offset}, with the leader's high watermark {@code leaderHighWatermark} in the answer. */
    PartitionFetchState fetched(long offset, long leaderHighWatermark) {
        return new PartitionFetchState(offset, leaderEpoch, false, 0L, Math.max(0L, leaderHighWatermark - offset));
    }

    PartitionFetchState delayedUntil(long untilMs) {
        return new PartitionFetchState(fetchOffset, leaderEpoch, truncating, untilMs, lag);
    }
}
