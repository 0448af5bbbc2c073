package io.gregor.coordination.tools;

import io.gregor.clients.admin.PartitionReassignment;
import io.gregor.clients.network.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which replicas a reassignment throttles, as Kafka's reassignment tool works it out: per moving
 * partition, the source replicas (where it is now, or where a move in progress started) lead
 * throttled and the destinations that are not sources follow throttled; the topic configs
 * {@code leader/follower.replication.throttled.replicas} list them as {@code partition:broker}, and
 * every broker that is a source or a destination gets the throttle rate. Stateless.
 */
final class ReassignmentThrottles {
    static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";
    static final String LEADER_RATE = "leader.replication.throttled.rate";
    static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    static final String LOG_DIRS_RATE = "replica.alter.log.dirs.io.max.bytes.per.second";
    static final List<String> BROKER_LEVEL = List.of(LEADER_RATE, FOLLOWER_RATE, LOG_DIRS_RATE);
    static final List<String> TOPIC_LEVEL = List.of(LEADER_REPLICAS, FOLLOWER_REPLICAS);

    /** One partition's move: the brokers it copies from and the ones it copies to. */
    record Move(Set<Integer> sources, Set<Integer> destinations) {
    }

    private ReassignmentThrottles() {
    }

    /**
     * Moves by topic and partition: the moves in progress, then the proposed ones (whose sources
     * are those of a move in progress of the same partition, else its current replicas).
     */
    static Map<String, Map<Integer, Move>> moves(Map<TopicPartition, PartitionReassignment> inProgress,
                                                 Map<TopicPartition, List<Integer>> proposed,
                                                 Map<TopicPartition, List<Integer>> current) {
        Map<String, Map<Integer, Move>> moves = new TreeMap<>();
        inProgress.forEach((tp, r) -> {
            Set<Integer> sources = new TreeSet<>(r.replicas());
            sources.removeAll(r.addingReplicas());
            moves.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), new Move(sources, new TreeSet<>(r.addingReplicas())));
        });
        proposed.forEach((tp, replicas) -> {
            Map<Integer, Move> byPartition = moves.computeIfAbsent(tp.topic(), t -> new TreeMap<>());
            Move running = byPartition.get(tp.partition());
            Set<Integer> sources = new TreeSet<>(running != null ? running.sources() : current.get(tp));
            Set<Integer> destinations = new TreeSet<>(replicas);
            destinations.removeAll(sources);
            byPartition.put(tp.partition(), new Move(sources, destinations));
        });
        return moves;
    }

    /** Per topic, the value of {@code leader.replication.throttled.replicas}: every source of every move. */
    static Map<String, String> leaderThrottles(Map<String, Map<Integer, Move>> moves) {
        Map<String, String> out = new TreeMap<>();
        moves.forEach((topic, byPartition) -> out.put(topic, byPartition.entrySet().stream()
                .flatMap(e -> e.getValue().sources().stream().map(b -> e.getKey() + ":" + b))
                .sorted().collect(Collectors.joining(","))));
        return out;
    }

    /** Per topic, the value of {@code follower.replication.throttled.replicas}: every destination that is not a source. */
    static Map<String, String> followerThrottles(Map<String, Map<Integer, Move>> moves) {
        Map<String, String> out = new TreeMap<>();
        moves.forEach((topic, byPartition) -> out.put(topic, byPartition.entrySet().stream()
                .flatMap(e -> e.getValue().destinations().stream().filter(b -> !e.getValue().sources().contains(b))
                        .map(b -> e.getKey() + ":" + b))
                .sorted().collect(Collectors.joining(","))));
        return out;
    }

    /** Every broker that is a source or a destination of a move. */
    static Set<Integer> brokers(Map<String, Map<Integer, Move>> moves) {
        Set<Integer> out = new TreeSet<>();
        moves.values().forEach(byPartition -> byPartition.values().forEach(m -> {
            out.addAll(m.sources());
            out.addAll(m.destinations());
        }));
        return out;
    }
}
