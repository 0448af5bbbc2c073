package io.gregor.clients.network;

import io.gregor.clients.protocol.Errors;
import java.util.List;
import java.util.UUID;

/** One topic of a metadata response: its error (NONE when known), id and partitions sorted by index. */
public record TopicMetadata(String name, UUID topicId, Errors error, boolean internal, List<PartitionInfo> partitions) {
    public TopicMetadata {
        partitions = List.copyOf(partitions);
    }
}
