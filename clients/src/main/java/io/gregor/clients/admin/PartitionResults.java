package io.gregor.clients.admin;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import java.util.Map;
import java.util.Set;

/** The outcome of an operation on several partitions: the partitions that succeeded, an error per partition that failed. */
public record PartitionResults(Set<TopicPartition> succeeded, Map<TopicPartition, GregorApiException> failed) {
    public PartitionResults {
        succeeded = Set.copyOf(succeeded);
        failed = Map.copyOf(failed);
    }
}
