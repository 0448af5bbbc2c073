package io.gregor.replication;

import io.gregor.core.log.TopicPartition;

/**
 * One partition of a fetch: where to read from, at most how much, the epoch the fetcher believes
 * current (-1: unknown) and, for a follower, its own log start offset (-1: unknown or a consumer),
 * which the leader needs for DeleteRecords' low watermark.
 */
public record FetchPartitionRequest(TopicPartition topicPartition, long fetchOffset, int partitionMaxBytes,
                                    int currentLeaderEpoch, long logStartOffset) {

    /** A fetch that reports no log start offset (consumers). */
    public FetchPartitionRequest(TopicPartition topicPartition, long fetchOffset, int partitionMaxBytes,
                                 int currentLeaderEpoch) {
        this(topicPartition, fetchOffset, partitionMaxBytes, currentLeaderEpoch, -1L);
    }
}
