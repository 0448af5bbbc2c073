package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/**
 * Schemas of the replica-placement admin APIs: served by the controller, leader election
 * (preferred and unclean), partition reassignment (start, cancel, list), and the log directories of
 * a broker (DescribeLogDirs, AlterReplicaLogDirs, served by every broker for its own dirs). Field names, types,
 * versions, nullability and defaults follow Kafka's message specs.
 */
public final class ReplicaAdminSchemas {
    private ReplicaAdminSchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                ElectLeadersRequest.SPEC,
                ElectLeadersResponse.SPEC,
                AlterPartitionReassignmentsRequest.SPEC,
                AlterPartitionReassignmentsResponse.SPEC,
                ListPartitionReassignmentsRequest.SPEC,
                ListPartitionReassignmentsResponse.SPEC,
                DescribeLogDirsRequest.SPEC,
                DescribeLogDirsResponse.SPEC,
                AlterReplicaLogDirsRequest.SPEC,
                AlterReplicaLogDirsResponse.SPEC);
    }
}
