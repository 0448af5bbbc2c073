package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What one group member asks for, as carried in JoinGroup's protocol metadata: its topics, the
 * assignor's user data, the partitions it owns now and the generation it owned them in (-1 when
 * unknown), its rack. {@code groupInstanceId} is not part of the bytes: the coordinator reports it
 * next to them, and assignors use it to order static members.
 */
public record Subscription(List<String> topics, ByteBuffer userData, List<TopicPartition> ownedPartitions,
                           int generationId, String rackId, String groupInstanceId) {
    public Subscription {
        topics = List.copyOf(topics);
        ownedPartitions = List.copyOf(ownedPartitions);
        userData = userData == null ? null : userData.asReadOnlyBuffer();
    }

    public Subscription(List<String> topics) {
        this(topics, null, List.of(), -1, null, null);
    }

    public Subscription withGroupInstanceId(String id) {
        return new Subscription(topics, userData, ownedPartitions, generationId, rackId, id);
    }
}
