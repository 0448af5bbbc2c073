package io.gregor.replication;

/**
 * The request-level settings of a fetch.
 *
 * @param replicaId     the fetching follower's broker id, or negative for a consumer (-1) or debug (-2).
 *                      The replication layer takes a non-negative id at its word: the broker lets a
 *                      follower fetch through only after checking the id with its replica epoch
 *                      (the {@code FollowerFetchGate}), as Kafka checks the ClusterAction permission
 *                      before its ReplicaManager
 * @param replicaEpoch  the follower's broker epoch as its Fetch (v15+) stated it, -1 if none
 * @param maxWaitMs     how long to wait for {@code minBytes}
 * @param minBytes      answer as soon as this many bytes are available
 * @param maxBytes      the response's record bytes across partitions (the first batch may exceed it)
 * @param readCommitted isolation level READ_COMMITTED: read up to the last stable offset
 */
public record FetchParams(int replicaId, long replicaEpoch, long maxWaitMs, int minBytes, int maxBytes,
                          boolean readCommitted) {
    public boolean isFromFollower() {
        return replicaId >= 0;
    }
}
