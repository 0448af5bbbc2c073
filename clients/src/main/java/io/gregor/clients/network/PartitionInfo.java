package io.gregor.clients.network;

import io.gregor.clients.protocol.Errors;
import java.util.List;

/** One partition as the last metadata response described it; leader -1 when it has none. */
public record PartitionInfo(TopicPartition topicPartition, Errors error, int leader, int leaderEpoch,
                            List<Integer> replicas, List<Integer> isr, List<Integer> offlineReplicas) {
    public PartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        offlineReplicas = List.copyOf(offlineReplicas);
    }

    public boolean hasLeader() {
        return leader >= 0;
    }
}
