package io.gregor.coordination.controller;

import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.zk.ChunkedMulti;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.ControllerEpochZNode;
import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.PartitionStateUpdate;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.coordination.zk.ZkRequestLimit;
import io.gregor.coordination.zk.ZkWriteTooLargeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller's large writes against a real ZooKeeper, with a client that believes the servers
 * take requests of at most 16 KiB: they are cut into many fenced multi-ops, a deposed controller
 * writes none of them, and a deletion cut short is finished by the next controller.
 */
class ChunkedControllerWritesTest extends ZooKeeperTestBase {

    private static final int PARTITIONS = 1_000;
    private static final ZkRequestLimit SMALL = new ZkRequestLimit(16 * 1024);

    private GregorZkClient small;
    private ControllerEpoch epoch;

    @BeforeEach
    void epochOneAndASmallRequestLimit() throws Exception {
        small = new GregorZkClient(zk.curator(), zk.paths(), SMALL);
        zk.curator().create().forPath(zk.paths().controllerEpoch(), ControllerEpochZNode.encode(1));
        epoch = zk.getControllerEpoch().orElseThrow();
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            assignment.put(p, List.of(1));
        }
        zk.topics().createTopic(TopicAssignment.of("big", KafkaUuid.random(), assignment), EntityConfig.EMPTY);
    }

    private static Map<TopicPartition, PartitionState> initialStates(int epoch) {
        Map<TopicPartition, PartitionState> states = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            states.put(new TopicPartition("big", p), new PartitionState(1, 0, List.of(1), epoch));
        }
        return states;
    }

    private int statesInZooKeeper() {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(new TopicPartition("big", p));
        }
        return zk.topics().getPartitionStates(all).size();
    }

    @Test
    void partitionStatesTooLargeForOneRequestAreCreatedInManyFencedChunks() {
        ControllerEpochFence fence = new ControllerEpochFence(small, epoch);
        assertThrows(ZkWriteTooLargeException.class, () -> small.multi(io.gregor.coordination.zk.ZkWrite.allOps(
                small.topics().createPartitionStateWrites(initialStates(1)))), "one multi-op would not fit");

        ChunkedMulti.Result<TopicPartition> result = fence.createPartitionStates(initialStates(1));

        assertTrue(result.allCommitted(), result.failed().toString());
        assertTrue(result.multiOps() >= 10, result.multiOps() + " multi-ops");
        assertEquals(PARTITIONS, statesInZooKeeper());

        List<VersionedPartitionState> updates = new ArrayList<>();
        initialStates(1).forEach((tp, s) -> updates.add(new VersionedPartitionState(tp, new PartitionState(1, 1, List.of(1), 1), 0)));
        Map<TopicPartition, PartitionStateUpdate> updated = fence.updatePartitionStates(updates);
        assertTrue(updated.values().stream().allMatch(u -> u.status() == PartitionStateUpdate.Status.UPDATED && u.newZkVersion() == 1));
    }

    @Test
    void aDeposedControllerWritesNoChunk() throws Exception {
        ControllerEpochFence deposed = new ControllerEpochFence(small, epoch);
        zk.curator().setData().forPath(zk.paths().controllerEpoch(), ControllerEpochZNode.encode(2)); // a new controller

        ControllerMovedException moved = assertThrows(ControllerMovedException.class,
                () -> deposed.createPartitionStates(initialStates(1)));

        assertEquals(1, moved.fencedEpoch());
        assertEquals(0, statesInZooKeeper(), "not even the first chunk was written");
    }

    @Test
    void aControllerWhoseTenureEndsMidWriteStopsAtTheNextChunk() {
        AtomicInteger chunksAllowed = new AtomicInteger(4); // the check before the write and three chunks
        ControllerEpochFence ending = new ControllerEpochFence(small, epoch, () -> chunksAllowed.getAndDecrement() > 0);

        assertThrows(ControllerMovedException.class, () -> ending.createPartitionStates(initialStates(1)));

        int written = statesInZooKeeper();
        assertTrue(written > 0 && written < PARTITIONS, written + " states written");
    }

    @Test
    void aDeletionCutShortKeepsTheTopicAndItsRequestAndTheNextControllerFinishesIt() {
        new ControllerEpochFence(small, epoch).createPartitionStates(initialStates(1));
        assertTrue(zk.topics().markTopicForDeletion("big"));
        AtomicInteger chunksAllowed = new AtomicInteger(3);
        ControllerEpochFence ending = new ControllerEpochFence(small, epoch, () -> chunksAllowed.getAndDecrement() > 0);

        assertThrows(ControllerMovedException.class, () -> ending.completeTopicDeletion("big"));

        int left = statesInZooKeeper();
        assertTrue(left > 0 && left < PARTITIONS, left + " states left");
        assertTrue(zk.topics().topicExists("big"), "the topic znode goes last");
        assertEquals(List.of("big"), zk.topics().getTopicsMarkedForDeletion(), "so the deletion is still pending");

        new ControllerEpochFence(small, epoch).completeTopicDeletion("big");

        assertFalse(zk.topics().topicExists("big"));
        assertEquals(List.of(), zk.topics().getTopicsMarkedForDeletion());
        assertEquals(List.of(), zk.topics().getAllTopics());
    }
}
