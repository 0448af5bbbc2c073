package io.gregor.replication.fetcher;

/**
 * Where a follower partition stands in its fetcher: the next offset to fetch, the leader epoch it
 * follows, whether it must first find where its log diverges from the leader's (after becoming a
 * follower), and until when it is backed off after an error.
 */
record PartitionFetchState(long fetchOffset, int leaderEpoch, boolean truncating, long delayedUntilMs) {
    boolean isReady(long nowMs) {
        return nowMs >= delayedUntilMs;
    }

    PartitionFetchState fetchingFrom(long offset) {
        return new PartitionFetchState(offset, leaderEpoch, false, 0L);
    }

    PartitionFetchState delayedUntil(long untilMs) {
        return new PartitionFetchState(fetchOffset, leaderEpoch, truncating, untilMs);
    }
}
