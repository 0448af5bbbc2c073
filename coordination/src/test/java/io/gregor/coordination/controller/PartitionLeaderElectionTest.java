package io.gregor.coordination.controller;

import io.gregor.coordination.zk.PartitionState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionLeaderElectionTest {

    private static final List<Integer> REPLICAS = List.of(1, 2, 3);

    @Test
    void liveLeaderKeepsLeadershipAndTheIsrLosesDeadFollowers() {
        PartitionState next = PartitionLeaderElection.elect(new PartitionState(1, 4, List.of(1, 2, 3), 1),
                REPLICAS, Set.of(1, 3), 2, () -> false).orElseThrow();
        assertEquals(new PartitionState(1, 5, List.of(1, 3), 2), next);
    }

    @Test
    void unchangedPartitionNeedsNoWrite() {
        assertTrue(PartitionLeaderElection.elect(new PartitionState(1, 4, List.of(1, 2), 1),
                REPLICAS, Set.of(1, 2, 3), 2, () -> false).isEmpty());
    }

    @Test
    void deadLeaderIsReplacedByTheFirstLiveIsrMemberInAssignmentOrder() {
        PartitionState next = PartitionLeaderElection.elect(new PartitionState(1, 0, List.of(1, 3, 2), 1),
                REPLICAS, Set.of(2, 3), 1, () -> false).orElseThrow();
        assertEquals(2, next.leader());
        assertEquals(List.of(3, 2), next.isr());
        assertEquals(1, next.leaderEpoch());
    }

    @Test
    void outOfSyncReplicaLeadsOnlyWithUncleanElection() {
        PartitionState lost = new PartitionState(1, 3, List.of(1), 1);
        PartitionState offline = PartitionLeaderElection.elect(lost, REPLICAS, Set.of(2, 3), 1, () -> false).orElseThrow();
        assertEquals(new PartitionState(PartitionState.NO_LEADER, 4, List.of(1), 1), offline);
        PartitionState unclean = PartitionLeaderElection.elect(lost, REPLICAS, Set.of(2, 3), 1, () -> true).orElseThrow();
        assertEquals(new PartitionState(2, 4, List.of(2), 1), unclean);
    }

    @Test
    void onlyALeaderFromOutsideTheIsrCountsAsUnclean() {
        PartitionState lost = new PartitionState(1, 3, List.of(1), 1);
        PartitionState unclean = PartitionLeaderElection.elect(lost, REPLICAS, Set.of(2, 3), 1, () -> true).orElseThrow();
        assertTrue(PartitionLeaderElection.isUnclean(lost, unclean));
        PartitionState inSync = new PartitionState(1, 0, List.of(1, 3, 2), 1);
        PartitionState clean = PartitionLeaderElection.elect(inSync, REPLICAS, Set.of(2, 3), 1, () -> true).orElseThrow();
        assertFalse(PartitionLeaderElection.isUnclean(inSync, clean));
        PartitionState offline = PartitionLeaderElection.elect(lost, REPLICAS, Set.of(2, 3), 1, () -> false).orElseThrow();
        assertFalse(PartitionLeaderElection.isUnclean(lost, offline));
        assertFalse(PartitionLeaderElection.isUnclean(unclean, unclean), "an unchanged leader is no election");
    }

    @Test
    void offlinePartitionStaysUntilAnInSyncReplicaReturns() {
        PartitionState offline = new PartitionState(PartitionState.NO_LEADER, 4, List.of(1), 1);
        assertEquals(Optional.empty(), PartitionLeaderElection.elect(offline, REPLICAS, Set.of(2), 1, () -> false));
        assertEquals(new PartitionState(1, 5, List.of(1), 2),
                PartitionLeaderElection.elect(offline, REPLICAS, Set.of(1, 2), 2, () -> false).orElseThrow());
    }

    @Test
    void newPartitionIsLedByItsFirstLiveReplica() {
        assertEquals(new PartitionState(2, 0, List.of(2, 3), 7),
                PartitionLeaderElection.initial(REPLICAS, Set.of(2, 3), 7).orElseThrow());
        assertTrue(PartitionLeaderElection.initial(REPLICAS, Set.of(4), 7).isEmpty());
    }

    @Test
    void controlledShutdownMovesLeadershipToTheFirstRemainingIsrMemberAndShrinksTheIsr() {
        PartitionState next = PartitionLeaderElection.controlledShutdown(new PartitionState(1, 3, List.of(1, 3, 2), 1),
                REPLICAS, Set.of(1, 2, 3), Set.of(1), 2).orElseThrow();
        assertEquals(new PartitionState(2, 4, List.of(3, 2), 2), next);
    }

    @Test
    void controlledShutdownOfAFollowerOnlyShrinksTheIsr() {
        PartitionState next = PartitionLeaderElection.controlledShutdown(new PartitionState(1, 3, List.of(1, 2, 3), 1),
                REPLICAS, Set.of(1, 2, 3), Set.of(2), 1).orElseThrow();
        assertEquals(new PartitionState(1, 4, List.of(1, 3), 1), next);
    }

    @Test
    void controlledShutdownLeavesALeaderWithoutEligibleSuccessorInPlace() {
        assertTrue(PartitionLeaderElection.controlledShutdown(new PartitionState(1, 3, List.of(1, 2), 1),
                REPLICAS, Set.of(1, 2, 3), Set.of(1, 2), 1).isEmpty(), "the only other ISR member is shutting down too");
        assertTrue(PartitionLeaderElection.controlledShutdown(new PartitionState(1, 3, List.of(1), 1),
                REPLICAS, Set.of(1, 2, 3), Set.of(1), 1).isEmpty());
    }

    @Test
    void preferredReplicaLeadsOnlyWhenLiveInSyncAndNotShuttingDown() {
        PartitionState displaced = new PartitionState(2, 5, List.of(2, 1), 1);
        assertEquals(Optional.of(new PartitionState(1, 6, List.of(2, 1), 3)),
                PartitionLeaderElection.preferred(displaced, REPLICAS, Set.of(1, 2), Set.of(), 3));
        assertTrue(PartitionLeaderElection.preferred(displaced, REPLICAS, Set.of(2), Set.of(), 3).isEmpty());
        assertTrue(PartitionLeaderElection.preferred(displaced, REPLICAS, Set.of(1, 2), Set.of(1), 3).isEmpty());
        assertTrue(PartitionLeaderElection.preferred(new PartitionState(2, 5, List.of(2), 1), REPLICAS, Set.of(1, 2),
                Set.of(), 3).isEmpty(), "out of sync");
        assertTrue(PartitionLeaderElection.preferred(new PartitionState(1, 5, List.of(1, 2), 1), REPLICAS, Set.of(1, 2),
                Set.of(), 3).isEmpty(), "already leads");
    }

    @Test
    void completingAReassignmentMovesLeadershipIntoTheTargetAndDropsRemovedReplicasFromTheIsr() {
        PartitionState current = new PartitionState(1, 4, List.of(1, 2, 3), 7);
        PartitionState next = PartitionLeaderElection.reassigned(current, List.of(3, 2), Set.of(1, 2, 3), Set.of(), 8).orElseThrow();
        assertEquals(3, next.leader());
        assertEquals(List.of(2, 3), next.isr());
        assertEquals(5, next.leaderEpoch());
    }

    @Test
    void aReassignmentStepKeepsALiveLeaderInTheNewReplicasAndBumpsItsEpoch() {
        PartitionState current = new PartitionState(1, 4, List.of(1), 7);
        PartitionState next = PartitionLeaderElection.reassigned(current, List.of(2, 1), Set.of(1, 2), Set.of(), 8).orElseThrow();
        assertEquals(1, next.leader());
        assertEquals(List.of(1), next.isr());
        assertEquals(5, next.leaderEpoch());
    }

    @Test
    void aReassignmentWaitsWhenNoTargetReplicaCanLead() {
        PartitionState current = new PartitionState(1, 4, List.of(1), 7);
        assertTrue(PartitionLeaderElection.reassigned(current, List.of(2, 3), Set.of(1, 2, 3), Set.of(), 8).isEmpty());
    }
}
