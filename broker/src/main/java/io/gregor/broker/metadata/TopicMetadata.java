package io.gregor.broker.metadata;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A topic known to the metadata cache: its id (the zero UUID when the controller sent none) and
 * its partitions by index.
 */
public record TopicMetadata(String name, UUID topicId, SortedMap<Integer, PartitionMetadata> partitions) {
    public TopicMetadata {
        partitions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(partitions));
    }

    /** Whether Kafka treats this topic as internal (the offsets and transaction state topics). */
    public boolean isInternal() {
        return isInternal(name);
    }

    public static boolean isInternal(String topic) {
        return topic.equals("__consumer_offsets") || topic.equals("__transaction_state");
    }

    TopicMetadata withPartitions(Map<Integer, PartitionMetadata> newPartitions, UUID newId) {
        return new TopicMetadata(name, newId, new TreeMap<>(newPartitions));
    }
}
