package io.gregor.clients.admin;

import java.util.List;

/**
 * A partition reassignment in progress, as ListPartitionReassignments reports it: the replica set
 * during the move (original replicas plus the ones being added), the replicas being added and the
 * replicas that leave when the move completes.
 */
public record PartitionReassignment(List<Integer> replicas, List<Integer> addingReplicas, List<Integer> removingReplicas) {
    public PartitionReassignment {
        replicas = List.copyOf(replicas);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** The replica set once the move completes: the current replicas without the ones being removed. */
    public List<Integer> targetReplicas() {
        return replicas.stream().filter(r -> !removingReplicas.contains(r)).toList();
    }
}
