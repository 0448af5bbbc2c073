package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplicaAssignorTest {

    private static List<BrokerRack> brokers(int... ids) {
        return java.util.Arrays.stream(ids).mapToObj(id -> new BrokerRack(id, null)).toList();
    }

    @Test
    void sixPartitionsWithThreeReplicasOnThreeBrokersSpreadLeadersAndFollowersEvenly() {
        for (int start = 0; start < 3; start++) {
            Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(brokers(1, 2, 3), 6, 3, 0, start, start);
            assertEquals(6, assignment.size());
            Map<Integer, Integer> leaders = new HashMap<>();
            Map<Integer, Integer> replicas = new HashMap<>();
            assignment.values().forEach(r -> {
                assertEquals(3, new HashSet<>(r).size());
                leaders.merge(r.get(0), 1, Integer::sum);
                r.forEach(b -> replicas.merge(b, 1, Integer::sum));
            });
            assertEquals(Map.of(1, 2, 2, 2, 3, 2), leaders);
            assertEquals(Map.of(1, 6, 2, 6, 3, 6), replicas);
        }
    }

    @Test
    void followersShiftAfterEachRoundOverTheBrokers() {
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(brokers(0, 1, 2, 3, 4), 10, 3, 0, 0, 0);
        // Kafka's documented example for 5 brokers, start index 0, shift 0
        assertEquals(List.of(0, 1, 2), assignment.get(0));
        assertEquals(List.of(1, 2, 3), assignment.get(1));
        assertEquals(List.of(4, 0, 1), assignment.get(4));
        assertEquals(List.of(0, 2, 3), assignment.get(5));
        assertEquals(List.of(4, 1, 2), assignment.get(9));
    }

    @Test
    void rackAwareAssignmentPutsEveryReplicaOfAPartitionOnADifferentRack() {
        List<BrokerRack> racked = List.of(new BrokerRack(0, "a"), new BrokerRack(1, "a"), new BrokerRack(2, "b"),
                new BrokerRack(3, "b"), new BrokerRack(4, "c"), new BrokerRack(5, "c"));
        Map<Integer, String> rackOf = new HashMap<>();
        racked.forEach(b -> rackOf.put(b.id(), b.rack()));
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(racked, 12, 3);
        Map<Integer, Integer> leaders = new HashMap<>();
        assignment.values().forEach(r -> {
            Set<String> racks = new HashSet<>();
            r.forEach(b -> racks.add(rackOf.get(b)));
            assertEquals(3, racks.size(), "replicas " + r + " share a rack");
            leaders.merge(r.get(0), 1, Integer::sum);
        });
        assertEquals(Map.of(0, 2, 1, 2, 2, 2, 3, 2, 4, 2, 5, 2), leaders);
    }

    @Test
    void rackAlternatedListTakesOneBrokerPerRackInTurn() {
        assertEquals(List.of(0, 3, 4, 1, 5, 2),
                ReplicaAssignor.rackAlternatedBrokers(Map.of(0, "r1", 1, "r1", 2, "r1", 3, "r2", 4, "r3", 5, "r3")));
    }

    @Test
    void moreReplicasThanBrokersIsAnInvalidReplicationFactor() {
        AdminException e = assertThrows(AdminException.class, () -> ReplicaAssignor.assign(brokers(1, 2), 3, 3));
        assertEquals(Errors.INVALID_REPLICATION_FACTOR, e.error());
    }

    @Test
    void zeroPartitionsIsInvalid() {
        AdminException e = assertThrows(AdminException.class, () -> ReplicaAssignor.assign(brokers(1, 2), 0, 1));
        assertEquals(Errors.INVALID_PARTITIONS, e.error());
    }
}
