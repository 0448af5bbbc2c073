package io.gregor.replication;

/**
 * What a leader knows of one follower: its log end offset (the offset it last fetched from), its
 * log start offset (as its last fetch reported it), when it was last caught up, and the broker
 * epoch its last fetch carried. A fetch at or beyond the
 * leader's log end offset catches it up now; a fetch at or beyond where the leader's log ended at
 * its previous fetch means it was caught up at that previous fetch (Kafka's rule, so a steady
 * stream of appends does not count as lag).
 *
 * <p>Not thread safe: the owning {@link Partition} guards it with its monitor.
 */
final class FollowerReplica {
    /** The broker epoch of a follower that has not fetched from this leader yet. */
    static final long UNKNOWN_BROKER_EPOCH = -1L;

    private long logEndOffset = -1L;
    private long logStartOffset = -1L;
    private long lastCaughtUpTimeMs;
    private long lastFetchTimeMs;
    private long lastFetchLeaderLogEndOffset = -1L;
    private long brokerEpoch = UNKNOWN_BROKER_EPOCH;

    FollowerReplica(long lastCaughtUpTimeMs) {
        this.lastCaughtUpTimeMs = lastCaughtUpTimeMs;
    }

    void updateFetchState(long fetchOffset, long fetchLogStartOffset, long leaderLogEndOffset, long nowMs,
                          long fetchBrokerEpoch) {
        if (fetchOffset >= leaderLogEndOffset) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, nowMs);
        } else if (lastFetchLeaderLogEndOffset >= 0 && fetchOffset >= lastFetchLeaderLogEndOffset) {
            lastCaughtUpTimeMs = Math.max(lastCaughtUpTimeMs, lastFetchTimeMs);
        }
        logEndOffset = fetchOffset;
        logStartOffset = fetchLogStartOffset;
        lastFetchLeaderLogEndOffset = leaderLogEndOffset;
        lastFetchTimeMs = nowMs;
        brokerEpoch = fetchBrokerEpoch;
    }

    /** -1 until the follower fetched from this leader. */
    long logEndOffset() {
        return logEndOffset;
    }

    /** -1 until the follower reported it (Fetch v5+). */
    long logStartOffset() {
        return logStartOffset;
    }

    long lastCaughtUpTimeMs() {
        return lastCaughtUpTimeMs;
    }

    /** The broker epoch of the follower's last fetch, {@link #UNKNOWN_BROKER_EPOCH} before its first. */
    long brokerEpoch() {
        return brokerEpoch;
    }
}
