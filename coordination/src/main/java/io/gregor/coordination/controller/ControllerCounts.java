package io.gregor.coordination.controller;

import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import java.util.List;
import java.util.Set;

/**
 * The controller's partition counts for its metrics, taken on the event thread after each event.
 *
 * @param globalPartitions  partitions with a leader state (Kafka's GlobalPartitionCount)
 * @param offlinePartitions partitions of topics not being deleted whose leader is none or not live
 *                          (Kafka's OfflinePartitionsCount)
 * @param preferredReplicaImbalance partitions of topics not being deleted not led by their preferred
 *                          (first assigned) replica (Kafka's PreferredReplicaImbalanceCount)
 */
record ControllerCounts(int globalPartitions, int offlinePartitions, int preferredReplicaImbalance) {
    static final ControllerCounts NONE = new ControllerCounts(0, 0, 0);

    /** On the event thread. */
    static ControllerCounts of(ControllerContext context) {
        int offline = 0;
        int imbalanced = 0;
        for (VersionedPartitionState s : context.states.values()) {
            TopicPartition tp = s.partition();
            if (context.topicsToDelete.contains(tp.topic())) {
                continue;
            }
            int leader = s.state().leader();
            List<Integer> replicas = context.replicas(tp);
            if (!replicas.isEmpty() && replicas.get(0) != leader) {
                imbalanced++;
            }
            Set<TopicPartition> onFailedDirs = context.replicasOnOfflineDirs.getOrDefault(leader, Set.of());
            if (leader < 0 || !context.liveBrokers.containsKey(leader) || onFailedDirs.contains(tp)) {
                offline++;
            }
        }
        return new ControllerCounts(context.states.size(), offline, imbalanced);
    }
}
