package io.gregor.clients.consumer;

import io.gregor.clients.network.TopicPartition;
import java.util.Collection;

/**
 * Hears about assignment changes of a subscribed consumer, always on the thread calling
 * {@code poll} (or {@code close}), as with Kafka's listener of the same name. With the eager protocol
 * every rebalance revokes all partitions then assigns the new set; with the cooperative protocol only
 * the partitions moving away are revoked and only new ones are passed to
 * {@link #onPartitionsAssigned} (possibly empty). {@link #onPartitionsLost} is called instead of
 * revoked when the member was already out of the group, so committing is pointless.
 */
public interface ConsumerRebalanceListener {
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
