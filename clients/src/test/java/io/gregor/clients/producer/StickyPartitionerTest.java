package io.gregor.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StickyPartitionerTest {
    private static List<PartitionInfo> partitions(int n, int leaderless) {
        List<PartitionInfo> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new PartitionInfo(new TopicPartition("t", i), Errors.NONE, i == leaderless ? -1 : 1, 0,
                    List.of(1), List.of(1), List.of()));
        }
        return l;
    }

    @Test
    void keyedRecordsUseMurmur2OverAllPartitionsEvenLeaderlessOnes() {
        StickyPartitioner p = new StickyPartitioner(1000);
        for (int i = 0; i < 200; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            assertEquals(Murmur2.partitionForKey(key, 6), p.partition("t", key, 10, partitions(6, 2)));
        }
    }

    @Test
    void unkeyedRecordsStickToOnePartitionUntilBatchSizeBytesThenSwitch() {
        StickyPartitioner p = new StickyPartitioner(100);
        List<PartitionInfo> parts = partitions(4, -1);
        int first = p.partition("t", null, 30, parts);
        assertEquals(first, p.partition("t", null, 30, parts));
        assertEquals(first, p.partition("t", null, 30, parts));
        assertEquals(first, p.partition("t", null, 30, parts)); // 90 bytes before this one: still under 100
        assertNotEquals(first, p.partition("t", null, 30, parts));
    }

    @Test
    void unkeyedRecordsAvoidPartitionsWithoutLeader() {
        StickyPartitioner p = new StickyPartitioner(1);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            seen.add(p.partition("t", null, 10, partitions(3, 1)));
        }
        assertEquals(Set.of(0, 2), seen);
        assertTrue(seen.size() > 1);
    }
}
