package io.gregor.coordination.tools;

import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.TopicZkStore;
import io.gregor.coordination.zk.VersionedPartitionState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What ZooKeeper says about one Gregor (or Kafka ZooKeeper-mode) cluster at one moment: cluster id,
 * live brokers, the controller and every topic with its partitions' assignment and state. Read only;
 * brokers and topics are sorted (brokers by id, topics by name, partitions by number).
 */
public record ClusterSnapshot(Optional<String> clusterId, List<BrokerInfo> brokers, Optional<Controller> controller,
                              List<Topic> topics) {

    /** The controller's broker id from {@code /controller} and the epoch in {@code /controller_epoch} (-1 if absent). */
    public record Controller(int brokerId, int epoch) {
    }

    /** A topic from {@code /brokers/topics/<t>}; {@code markedForDeletion} when listed under {@code /admin/delete_topics}. */
    public record Topic(String name, String topicId, boolean markedForDeletion, List<Partition> partitions) {
    }

    /** A partition's replicas (assignment) and, when the controller has written it, its state znode. */
    public record Partition(int partition, List<Integer> replicas, Optional<PartitionState> state) {
    }

    /** Reads the snapshot through {@code zk}; a missing znode is reported as absent, not as an error. */
    public static ClusterSnapshot read(GregorZkClient zk) {
        List<BrokerInfo> brokers = new ArrayList<>(zk.getAllBrokers());
        brokers.sort(Comparator.comparingInt(BrokerInfo::brokerId));
        Optional<Controller> controller = zk.getControllerId().map(id ->
                new Controller(id, zk.getControllerEpoch().map(ControllerEpoch::epoch).orElse(-1)));
        TopicZkStore store = zk.topics();
        List<String> names = new ArrayList<>(store.getAllTopics());
        names.sort(Comparator.naturalOrder());
        Set<String> deleting = new HashSet<>(store.getTopicsMarkedForDeletion());
        Map<String, TopicAssignment> assignments = store.getTopicAssignments(names);
        List<TopicPartition> all = new ArrayList<>();
        assignments.forEach((t, a) -> a.partitions().keySet().forEach(p -> all.add(new TopicPartition(t, p))));
        Map<TopicPartition, VersionedPartitionState> states = store.getPartitionStates(all);
        List<Topic> topics = new ArrayList<>();
        for (String name : names) {
            TopicAssignment a = assignments.get(name);
            if (a == null) {
                continue; // deleted between the listing and the read
            }
            List<Partition> partitions = new ArrayList<>();
            a.partitions().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                VersionedPartitionState s = states.get(new TopicPartition(name, e.getKey()));
                partitions.add(new Partition(e.getKey(), e.getValue().replicas(),
                        Optional.ofNullable(s).map(VersionedPartitionState::state)));
            });
            topics.add(new Topic(name, a.topicId() == null ? null : a.topicId().toString(), deleting.contains(name),
                    List.copyOf(partitions)));
        }
        return new ClusterSnapshot(zk.getClusterId(), List.copyOf(brokers), controller, List.copyOf(topics));
    }
}
