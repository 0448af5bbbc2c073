package io.gregor.coordination.admin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic creation request: name, partition count and replication factor (-1 each for the broker
 * defaults; both ignored when {@code assignments} is given), manual assignments (partition ->
 * replicas, empty for automatic assignment) and config overrides.
 */
public record NewTopic(String name, int numPartitions, short replicationFactor,
                       Map<Integer, List<Integer>> assignments, Map<String, String> configs) {

    public NewTopic {
        assignments = new TreeMap<>(assignments);
        assignments.replaceAll((p, r) -> List.copyOf(r));
        assignments = java.util.Collections.unmodifiableMap(assignments);
        configs = java.util.Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    public static NewTopic of(String name, int numPartitions, int replicationFactor) {
        return new NewTopic(name, numPartitions, (short) replicationFactor, Map.of(), Map.of());
    }
}
