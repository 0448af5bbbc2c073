package io.gregor.coordination.zk;

import java.util.List;

/**
 * The replicas of one partition, in preference order (the first is the preferred leader), plus the
 * replicas being added or removed by an ongoing reassignment (empty otherwise).
 */
public record ReplicaAssignment(List<Integer> replicas, List<Integer> addingReplicas, List<Integer> removingReplicas) {

    public ReplicaAssignment {
        replicas = List.copyOf(replicas);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
        if (replicas.stream().distinct().count() != replicas.size()) {
            throw new IllegalArgumentException("duplicate broker in replicas " + replicas);
        }
    }

    public static ReplicaAssignment of(List<Integer> replicas) {
        return new ReplicaAssignment(replicas, List.of(), List.of());
    }
}
