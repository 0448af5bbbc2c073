package io.gregor.coordination.controller;

import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.ReplicaAssignment;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The controller's picture of the cluster during one tenure: live brokers with their epochs, topic
 * assignments and partition states (with their zkVersions, the partition epochs), and topics being
 * deleted. Loaded from ZooKeeper at election, then kept current by the controller's own writes and
 * watches. Confined to the controller's event thread.
 */
final class ControllerContext {

    final int controllerId;
    final int epoch;
    final Map<Integer, RegisteredBroker> liveBrokers = new TreeMap<>();
    final Map<String, TopicAssignment> topics = new TreeMap<>();
    final Map<TopicPartition, VersionedPartitionState> states = new TreeMap<>();
    /** Topics whose deletion has been requested and not completed. */
    final Set<String> topicsToDelete = new TreeSet<>();
    /** Per topic being deleted: the brokers whose StopReplica has not yet succeeded. */
    final Map<String, Set<Integer>> pendingStopReplicas = new TreeMap<>();
    /**
     * Live brokers in controlled shutdown: they may not lead nor rejoin an ISR until they leave, or
     * until {@link ControllerConfig#shutdownGrantExpiryMs()} after their last granted request.
     */
    final Set<Integer> shuttingDownBrokers = new TreeSet<>();
    /** When each broker of {@link #shuttingDownBrokers} was last granted a ControlledShutdown (System.nanoTime). */
    final Map<Integer, Long> shutdownGrantedAtNanos = new TreeMap<>();
    /**
     * Broker epochs found dead before their ZooKeeper sessions expired (refusing connections): their
     * registrations, while they last, do not count as live brokers.
     */
    final Set<Long> failedBrokerEpochs = new TreeSet<>();
    /**
     * Per live broker, its replicas on a failed log directory (answered KAFKA_STORAGE_ERROR to a
     * LeaderAndIsr): they count as offline, for leadership and ISR, until the broker registers anew.
     */
    final Map<Integer, Set<TopicPartition>> replicasOnOfflineDirs = new TreeMap<>();

    ControllerContext(int controllerId, int epoch) {
        this.controllerId = controllerId;
        this.epoch = epoch;
    }

    Set<Integer> liveBrokerIds() {
        return Set.copyOf(liveBrokers.keySet());
    }

    List<Integer> replicas(TopicPartition tp) {
        TopicAssignment assignment = topics.get(tp.topic());
        if (assignment == null || !assignment.partitions().containsKey(tp.partition())) {
            return List.of();
        }
        return assignment.partitions().get(tp.partition()).replicas();
    }

    /** The full assignment of {@code tp} (with the replicas a reassignment adds and removes), or null. */
    ReplicaAssignment assignment(TopicPartition tp) {
        TopicAssignment assignment = topics.get(tp.topic());
        return assignment == null ? null : assignment.partitions().get(tp.partition());
    }

    /** Partitions whose assignment shows a reassignment in progress. */
    Set<TopicPartition> partitionsBeingReassigned() {
        Set<TopicPartition> result = new TreeSet<>();
        topics.forEach((topic, assignment) -> assignment.partitions().forEach((p, a) -> {
            if (a.isBeingReassigned()) {
                result.add(new TopicPartition(topic, p));
            }
        }));
        return result;
    }

    /**
     * True while a partition of {@code topic} is being reassigned: Kafka's "topic reassignment in
     * progress", which makes a topic ineligible for deletion until the reassignment ends. Read from
     * the assignments (ZooKeeper's adding/removing replicas), so it holds across controller failovers.
     */
    boolean isBeingReassigned(String topic) {
        TopicAssignment assignment = topics.get(topic);
        return assignment != null && assignment.partitions().values().stream().anyMatch(ReplicaAssignment::isBeingReassigned);
    }

    /**
     * True for a topic queued for deletion whose partition states no longer change: its leaders,
     * ISRs and elections stay as they are. A topic whose deletion waits for a reassignment is not
     * frozen yet: the reassignment needs ISR changes and a leader move to complete.
     */
    boolean isFrozenForDeletion(String topic) {
        return topicsToDelete.contains(topic) && !isBeingReassigned(topic);
    }

    KafkaUuid topicId(String topic) {
        TopicAssignment assignment = topics.get(topic);
        return assignment == null ? null : assignment.topicId();
    }

    List<TopicPartition> partitionsOf(String topic) {
        TopicAssignment assignment = topics.get(topic);
        List<TopicPartition> result = new ArrayList<>();
        if (assignment != null) {
            assignment.partitions().keySet().forEach(p -> result.add(new TopicPartition(topic, p)));
        }
        return result;
    }

    List<TopicPartition> allPartitions() {
        List<TopicPartition> result = new ArrayList<>();
        topics.keySet().forEach(t -> result.addAll(partitionsOf(t)));
        return result;
    }

    /** Partitions with a replica on {@code brokerId}. */
    Set<TopicPartition> partitionsOnBroker(int brokerId) {
        Set<TopicPartition> result = new TreeSet<>();
        for (TopicPartition tp : allPartitions()) {
            if (replicas(tp).contains(brokerId)) {
                result.add(tp);
            }
        }
        return result;
    }

    /** Partitions known from assignments but without a state znode yet (no live replica when created). */
    Set<TopicPartition> partitionsWithoutState() {
        Set<TopicPartition> result = new HashSet<>(allPartitions());
        result.removeAll(states.keySet());
        return new TreeSet<>(result);
    }

    /** The partitions with a state whose leader is not a live broker (none, or a dead one). */
    List<TopicPartition> partitionsWithoutLiveLeader() {
        List<TopicPartition> result = new ArrayList<>();
        states.forEach((tp, s) -> {
            if (!liveBrokers.containsKey(s.state().leader())) {
                result.add(tp);
            }
        });
        return result;
    }

    /** The name of the topic with this id, or null when no topic of the context has it. */
    String topicName(KafkaUuid topicId) {
        for (Map.Entry<String, TopicAssignment> e : topics.entrySet()) {
            if (topicId.equals(e.getValue().topicId())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The live brokers whose replica of {@code tp} is online (not on a failed log directory). */
    Set<Integer> brokersWithOnlineReplica(TopicPartition tp) {
        Set<Integer> online = new TreeSet<>(liveBrokers.keySet());
        replicasOnOfflineDirs.forEach((broker, offline) -> {
            if (offline.contains(tp)) {
                online.remove(broker);
            }
        });
        return online;
    }

    /** Live replicas of {@code tp}. */
    List<Integer> liveReplicas(TopicPartition tp) {
        return replicas(tp).stream().filter(liveBrokers::containsKey).toList();
    }
}
