package io.gregor.clients.network;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of what a metadata response said about the cluster: brokers, controller,
 * cluster id and the topics that were asked for (or all topics).
 */
public record Cluster(String clusterId, int controllerId, Map<Integer, Node> brokers, Map<String, TopicMetadata> topics,
                      long fetchedAtMs) {
    public static final Cluster EMPTY = new Cluster(null, -1, Map.of(), Map.of(), -1);

    public Cluster {
        brokers = Map.copyOf(brokers);
        topics = Map.copyOf(topics);
    }

    public Optional<Node> node(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    public Optional<TopicMetadata> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    /** The partitions of {@code topic}, empty if unknown. */
    public List<PartitionInfo> partitions(String topic) {
        TopicMetadata t = topics.get(topic);
        return t == null ? List.of() : t.partitions();
    }

    /** The partition's leader node if the metadata names one that is also in the broker list. */
    public Optional<Node> leaderFor(TopicPartition tp) {
        for (PartitionInfo p : partitions(tp.topic())) {
            if (p.topicPartition().partition() == tp.partition()) {
                return p.hasLeader() ? node(p.leader()) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
