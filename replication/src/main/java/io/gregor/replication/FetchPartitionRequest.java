package io.gregor.replication;

import io.gregor.core.log.TopicPartition;

/** One partition of a fetch: where to read from, at most how much, and the epoch the fetcher believes current (-1: unknown). */
public record FetchPartitionRequest(TopicPartition topicPartition, long fetchOffset, int partitionMaxBytes,
                                    int currentLeaderEpoch) {
}
