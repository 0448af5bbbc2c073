package io.gregor.coordination.admin;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaAssignorProperties {

    @Property(tries = 200)
    void everyPartitionGetsDistinctReplicasAndLeadersDifferByAtMostOne(@ForAll @IntRange(min = 1, max = 9) int brokers,
                                                                       @ForAll @IntRange(min = 1, max = 40) int partitions,
                                                                       @ForAll @IntRange(min = 1, max = 9) int rf,
                                                                       @ForAll boolean racks) {
        if (rf > brokers) {
            return;
        }
        List<BrokerRack> live = IntStream.range(0, brokers)
                .mapToObj(id -> new BrokerRack(id * 10, racks ? "r" + (id % 3) : null)).toList();
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(live, partitions, rf);
        assertEquals(partitions, assignment.size());
        Map<Integer, Integer> leaders = new HashMap<>();
        assignment.values().forEach(r -> {
            assertEquals(rf, r.size());
            assertEquals(rf, new HashSet<>(r).size());
            leaders.merge(r.get(0), 1, Integer::sum);
        });
        int max = leaders.values().stream().max(Integer::compare).orElse(0);
        int min = leaders.size() < brokers ? 0 : leaders.values().stream().min(Integer::compare).orElse(0);
        assertTrue(max - min <= 1, "leaders " + leaders);
    }
}
