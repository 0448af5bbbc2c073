package io.gregor.replication;

import io.gregor.core.log.TopicPartition;

/**
 * One partition of a StopReplica request.
 *
 * @param leaderEpoch     the leader epoch the controller stops it at; -1 when not given (before v3), -2 for a topic deletion
 * @param deletePartition whether to delete the log too
 */
public record StopReplicaPartition(TopicPartition topicPartition, int leaderEpoch, boolean deletePartition) {
    public static final int NO_EPOCH = -1;
    public static final int EPOCH_DURING_DELETE = -2;
}
