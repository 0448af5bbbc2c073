package io.gregor.broker.metadata;

import java.util.List;

/**
 * The controller's view of one partition as last sent in UpdateMetadata.
 *
 * @param leader          the leader's broker id, or -1 when the partition has none
 * @param controllerEpoch the epoch of the controller that last changed this state
 */
public record PartitionMetadata(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas,
                                List<Integer> isr, List<Integer> offlineReplicas, int zkVersion, int controllerEpoch) {
    public PartitionMetadata {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        offlineReplicas = List.copyOf(offlineReplicas);
    }
}
