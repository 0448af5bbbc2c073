package io.gregor.coordination.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kafka's reassignment arithmetic on a partition's assignment, and the legacy request znode's JSON. */
class ReassignmentDataTest {

    @Test
    void reassigningComputesTheFullReplicaSetAndTheAddingAndRemovingReplicasAsKafkaDoes() {
        ReplicaAssignment moving = ReplicaAssignment.of(List.of(1, 2, 3)).reassignTo(List.of(4, 5, 6));
        assertEquals(List.of(4, 5, 6, 1, 2, 3), moving.replicas());
        assertEquals(List.of(4, 5, 6), moving.addingReplicas());
        assertEquals(List.of(1, 2, 3), moving.removingReplicas());
        assertEquals(List.of(1, 2, 3), moving.originReplicas());
        assertEquals(List.of(4, 5, 6), moving.targetReplicas());
        assertTrue(moving.isBeingReassigned());
    }

    @Test
    void cancellingAMoveReturnsToTheOriginalReplicasAndEndsTheReassignment() {
        ReplicaAssignment moving = ReplicaAssignment.of(List.of(1, 2)).reassignTo(List.of(2, 3));
        ReplicaAssignment cancelled = moving.reassignTo(moving.originReplicas());
        // as in Kafka, the original order is not kept when the target overlapped it (RS was [2, 3, 1])
        assertEquals(List.of(2, 1), cancelled.replicas());
        assertFalse(cancelled.isBeingReassigned());
    }

    @Test
    void reorderingTheSameReplicasIsNotAReassignmentInProgress() {
        ReplicaAssignment reordered = ReplicaAssignment.of(List.of(1, 2)).reassignTo(List.of(2, 1));
        assertEquals(List.of(2, 1), reordered.replicas());
        assertFalse(reordered.isBeingReassigned());
    }

    @Test
    void theLegacyRequestZnodeRoundTripsKafkasJsonAndIgnoresLogDirs() {
        String kafka = "{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[2,3],"
                + "\"log_dirs\":[\"any\",\"any\"]}]}";
        PartitionReassignmentZNode parsed = PartitionReassignmentZNode.fromJson("/admin/reassign_partitions",
                kafka.getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(new TopicPartition("t", 0), List.of(2, 3)), parsed.partitions());
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[2,3]}]}",
                new String(parsed.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void aLegacyRequestWithoutReplicasIsRefused() {
        assertThrows(ZnodeParseException.class, () -> PartitionReassignmentZNode.fromJson("/admin/reassign_partitions",
                "{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0}]}".getBytes(StandardCharsets.UTF_8)));
    }
}
