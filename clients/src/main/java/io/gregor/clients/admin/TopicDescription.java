package io.gregor.clients.admin;

import io.gregor.clients.network.PartitionInfo;
import java.util.List;
import java.util.UUID;

/** A topic's id and partitions with leader, replicas and ISR, as metadata reports them. */
public record TopicDescription(String name, UUID topicId, boolean internal, List<PartitionInfo> partitions) {
    public TopicDescription {
        partitions = List.copyOf(partitions);
    }

    /** The replication factor: the replica count of the first partition (0 for a topic with no partitions). */
    public int replicationFactor() {
        return partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
    }
}
