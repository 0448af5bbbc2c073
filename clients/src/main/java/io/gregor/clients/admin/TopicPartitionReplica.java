package io.gregor.clients.admin;

import io.gregor.clients.network.TopicPartition;

/** The replica of a partition on one broker; printed as Kafka prints it, {@code <topic>-<partition>-<broker>}. */
public record TopicPartitionReplica(TopicPartition topicPartition, int brokerId) {
    @Override
    public String toString() {
        return topicPartition + "-" + brokerId;
    }
}
