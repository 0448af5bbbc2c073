package io.gregor.replication;

import io.gregor.core.log.TopicPartition;
import java.util.List;

/**
 * The controller's decision for one partition, as a LeaderAndIsr request carries it.
 *
 * @param leader        the leader's broker id
 * @param leaderEpoch   bumped by the controller on every leader change
 * @param isr           the in-sync replicas (broker ids)
 * @param partitionEpoch the partition state znode version (Kafka's zkVersion)
 * @param replicas      every assigned replica
 * @param isNew         the partition was just created
 */
public record LeaderAndIsrPartitionState(TopicPartition topicPartition, int controllerEpoch, int leader,
                                         int leaderEpoch, List<Integer> isr, int partitionEpoch,
                                         List<Integer> replicas, boolean isNew) {
    public LeaderAndIsrPartitionState {
        isr = List.copyOf(isr);
        replicas = List.copyOf(replicas);
    }
}
