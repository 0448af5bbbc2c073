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

    /** True while a reassignment adds or removes replicas. */
    public boolean isBeingReassigned() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /** The replicas before the reassignment: the replica set without those being added. */
    public List<Integer> originReplicas() {
        return replicas.stream().filter(r -> !addingReplicas.contains(r)).toList();
    }

    /** The replicas once the reassignment completes: the replica set without those being removed. */
    public List<Integer> targetReplicas() {
        return replicas.stream().filter(r -> !removingReplicas.contains(r)).toList();
    }

    /**
     * The assignment while moving from the origin replicas to {@code target}, as Kafka computes it:
     * the replica set is the target followed by the origin replicas not in it, adding = replica set
     * minus origin, removing = replica set minus target. A target equal to the origin (as a set)
     * yields an assignment that is not being reassigned.
     */
    public ReplicaAssignment reassignTo(List<Integer> target) {
        List<Integer> origin = originReplicas();
        List<Integer> full = java.util.stream.Stream.concat(target.stream(), origin.stream()).distinct().toList();
        return new ReplicaAssignment(full, full.stream().filter(r -> !origin.contains(r)).toList(),
                full.stream().filter(r -> !target.contains(r)).toList());
    }
}
