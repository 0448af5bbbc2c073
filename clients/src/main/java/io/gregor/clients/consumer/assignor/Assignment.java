package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;

/** The partitions the group leader gives one member, plus optional assignor user data (SyncGroup bytes). */
public record Assignment(List<TopicPartition> partitions, ByteBuffer userData) {
    public Assignment {
        partitions = List.copyOf(partitions);
        userData = userData == null ? null : userData.asReadOnlyBuffer();
    }

    public Assignment(List<TopicPartition> partitions) {
        this(partitions, null);
    }
}
