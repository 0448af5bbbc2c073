package io.gregor.broker.handlers.data;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.Partition;
import io.gregor.replication.ProducePartitionResult;
import io.gregor.replication.ReplicationConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two in-process brokers replicating one partition over real sockets: broker 0 and broker 1 each
 * with their own logs, fetchers and handlers, and a stand-in controller answering AlterPartition.
 */
class ReplicationTest {
    private static final TopicPartition TP = new TopicPartition("replicated", 0);
    private static final UUID TOPIC_ID = UUID.randomUUID();
    private static final List<Integer> BOTH = List.of(0, 1);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final Map<Integer, InetSocketAddress> endpoints = new ConcurrentHashMap<>();
    private StandInController controller;
    private ReplicaNode broker0;
    private ReplicaNode broker1;

    @BeforeEach
    void start() throws Exception {
        controller = new StandInController();
        ReplicationConfig config = new ReplicationConfig(1, 1_048_576, 10_485_760, 1, 100, 100L, 800L, 2_000, 30_000);
        broker0 = new ReplicaNode(0, dir.resolve("b0"), config, endpoints, controller::node);
        broker1 = new ReplicaNode(1, dir.resolve("b1"), config, endpoints, controller::node);
    }

    @AfterEach
    void stop() throws Exception {
        broker1.close();
        broker0.close();
        controller.close();
    }

    @Test
    void followerCatchesUpByteIdenticallyAndAcksAllWaitsForIt() throws Exception {
        broker0.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        for (int i = 0; i < 3; i++) {
            assertEquals(Errors.NONE, broker0.produce(TP, (short) 1, DataPlaneFixture.records(1000L + i, "v" + i, "w" + i))
                    .get(5, TimeUnit.SECONDS).error());
        }
        CompletableFuture<ProducePartitionResult> acksAll = broker0.produce(TP, (short) -1,
                DataPlaneFixture.records(2000L, "all"));
        Partition leader = broker0.partition(TP);
        assertEquals(0L, leader.highWatermark(), "no follower has fetched yet");
        assertFalse(acksAll.isDone());

        broker1.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);

        ProducePartitionResult result = acksAll.get(15, TimeUnit.SECONDS);
        assertEquals(Errors.NONE, result.error());
        assertEquals(6L, result.baseOffset());
        assertTrue(broker0.partition(TP).followerLogEndOffset(1) >= 7L, "completed only after the follower had offset 6");
        await().atMost(WAIT).until(() -> broker1.partition(TP).highWatermark() == 7L);
        assertEquals(7L, leader.highWatermark());
        assertEquals(7L, broker1.partition(TP).logEndOffset());
        assertArrayEquals(broker0.logBytes(TP), broker1.logBytes(TP));
        assertTrue(broker0.followerFetches.stream().allMatch(f -> f.replicaId() == 1 && f.currentLeaderEpoch() == 0));
    }

    @Test
    void laggingFollowerLeavesIsrThroughAlterPartitionAndRejoinsAfterCatchingUp() throws Exception {
        broker0.minInsyncReplicas.put(TP.topic(), 2);
        broker0.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        broker1.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        assertEquals(Errors.NONE, broker0.produce(TP, (short) -1, DataPlaneFixture.records(1000L, "a"))
                .get(15, TimeUnit.SECONDS).error());

        broker1.stopReplica(TP); // the follower stops fetching
        CompletableFuture<ProducePartitionResult> waiting = broker0.produce(TP, (short) -1,
                DataPlaneFixture.records(1001L, "b"));
        assertEquals(Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND, waiting.get(15, TimeUnit.SECONDS).error(),
                "the ISR shrank below min.insync.replicas while the produce waited");
        StandInController.Proposal shrink = controller.proposals.poll();
        assertEquals(new StandInController.Proposal(0, 100L, (short) 3, TOPIC_ID, null, 0, 0, List.of(0),
                Map.of(0, 100L), 0), shrink);
        Partition leader = broker0.partition(TP);
        assertEquals(List.of(0), leader.isr());
        assertEquals(1, leader.partitionEpoch());
        assertEquals(2L, leader.highWatermark(), "the high watermark follows the shrunk ISR");
        assertEquals(Errors.NOT_ENOUGH_REPLICAS, broker0.produce(TP, (short) -1, DataPlaneFixture.records(1002L, "c"))
                .get(5, TimeUnit.SECONDS).error());
        assertEquals(Errors.NONE, broker0.produce(TP, (short) 1, DataPlaneFixture.records(1003L, "d"))
                .get(5, TimeUnit.SECONDS).error());

        broker1.leaderAndIsr(TP, TOPIC_ID, 0, 0, List.of(0), 1, BOTH); // the follower comes back
        await().atMost(WAIT).until(() -> leader.isr().equals(BOTH));
        StandInController.Proposal expand = controller.proposals.poll();
        assertEquals(List.of(0, 1), expand.newIsr());
        assertEquals(Map.of(0, 100L, 1, 101L), expand.memberEpochs(),
                "the leader's own broker epoch, and the follower's as its fetches carried it");
        assertEquals(1, expand.partitionEpoch());
        assertEquals(2, leader.partitionEpoch());
        assertEquals(3L, broker1.partition(TP).logEndOffset());
        assertEquals(Errors.NONE, broker0.produce(TP, (short) -1, DataPlaneFixture.records(1004L, "e"))
                .get(15, TimeUnit.SECONDS).error());
    }

    @Test
    void divergentFollowerIsTruncatedToTheLeaderEpochEndOffsetNotTheHighWatermark() throws Exception {
        broker0.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        broker1.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        for (int i = 0; i < 5; i++) {
            assertEquals(Errors.NONE, broker0.produce(TP, (short) 1, DataPlaneFixture.records(1000L + i, "e0-" + i))
                    .get(5, TimeUnit.SECONDS).error());
        }
        await().atMost(WAIT).until(() -> broker1.partition(TP).logEndOffset() == 5L);

        // broker 1 leads epoch 1 alone and writes three records nobody copies
        broker1.leaderAndIsr(TP, TOPIC_ID, 1, 1, List.of(1), 1, BOTH);
        for (int i = 0; i < 3; i++) {
            assertEquals(Errors.NONE, broker1.produce(TP, (short) 1, DataPlaneFixture.records(2000L + i, "e1-" + i))
                    .get(5, TimeUnit.SECONDS).error());
        }
        assertEquals(8L, broker1.partition(TP).highWatermark());

        // broker 0 leads epoch 2 and writes two records of its own at offsets 5 and 6
        broker0.leaderAndIsr(TP, TOPIC_ID, 0, 2, List.of(0), 2, BOTH);
        for (int i = 0; i < 2; i++) {
            assertEquals(Errors.NONE, broker0.produce(TP, (short) 1, DataPlaneFixture.records(3000L + i, "e2-" + i))
                    .get(5, TimeUnit.SECONDS).error());
        }
        broker0.followerFetches.clear();

        broker1.leaderAndIsr(TP, TOPIC_ID, 0, 2, List.of(0), 2, BOTH);

        await().atMost(WAIT).until(() -> broker1.partition(TP).logEndOffset() == 7L
                && broker1.partition(TP).log().leaderEpochCache().latestEpoch().orElse(-1) == 2);
        ReplicaNode.FollowerFetch first = broker0.followerFetches.peek();
        assertEquals(5L, first.fetchOffset(), "cut where epoch 0 ends on the leader, not at the high watermark 8");
        assertEquals(2, first.currentLeaderEpoch());
        assertArrayEquals(broker0.logBytes(TP), broker1.logBytes(TP));
    }

    @Test
    void newLeaderDetectsDuplicatesAndGapsOfBatchesItReplicatedAsFollower() throws Exception {
        broker0.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        broker1.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        assertEquals(Errors.NONE, broker0.produce(TP, (short) 1, DataPlaneFixture.records(999L, "plain"))
                .get(5, TimeUnit.SECONDS).error());
        ProducePartitionResult original = broker0.produce(TP, (short) -1, batch(0, "x", "y"))
                .get(15, TimeUnit.SECONDS);
        assertEquals(Errors.NONE, original.error());
        assertEquals(1L, original.baseOffset());
        await().atMost(WAIT).until(() -> broker1.partition(TP).logEndOffset() == 3L);

        broker0.stopReplica(TP);
        broker1.leaderAndIsr(TP, TOPIC_ID, 1, 1, List.of(1), 1, BOTH);

        ProducePartitionResult retry = broker1.produce(TP, (short) 1, batch(0, "x", "y")).get(5, TimeUnit.SECONDS);
        assertEquals(Errors.NONE, retry.error());
        assertEquals(1L, retry.baseOffset(), "the retry answers the original offset");
        assertEquals(3L, broker1.partition(TP).logEndOffset(), "nothing was appended twice");
        assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                broker1.produce(TP, (short) 1, batch(5, "gap")).get(5, TimeUnit.SECONDS).error());
        assertEquals(Errors.NONE, broker1.produce(TP, (short) 1, batch(2, "z")).get(5, TimeUnit.SECONDS).error());
        assertEquals(4L, broker1.partition(TP).logEndOffset());
    }

    @Test
    void followerBelowTheLeadersLogStartRestartsThereWhileItsOtherPartitionsKeepReplicating() throws Exception {
        TopicPartition trimmed = new TopicPartition(TP.topic(), 1);
        broker0.leaderAndIsr(trimmed, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        broker0.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        for (int i = 0; i < 4; i++) {
            assertEquals(Errors.NONE, broker0.produce(trimmed, (short) 1, DataPlaneFixture.records(1000L + i, "t" + i))
                    .get(5, TimeUnit.SECONDS).error());
            assertEquals(Errors.NONE, broker0.produce(TP, (short) 1, DataPlaneFixture.records(2000L + i, "k" + i, "l" + i))
                    .get(5, TimeUnit.SECONDS).error());
        }
        // records deleted on the leader (DeleteRecords, retention) before the follower ever fetched them
        assertTrue(broker0.partition(trimmed).log().maybeIncrementLogStartOffset(2L));

        // one fetcher fetches both: the trimmed partition is answered OFFSET_OUT_OF_RANGE, the other with records
        broker1.leaderAndIsr(trimmed, TOPIC_ID, 0, 0, BOTH, 0, BOTH);
        broker1.leaderAndIsr(TP, TOPIC_ID, 0, 0, BOTH, 0, BOTH);

        await().atMost(WAIT).until(() -> broker1.partition(trimmed).logEndOffset() == 4L
                && broker1.partition(TP).logEndOffset() == 8L);
        assertEquals(2L, broker1.partition(trimmed).log().logStartOffset(), "restarted at the leader's log start");
        assertArrayEquals(broker0.logBytes(TP), broker1.logBytes(TP));
        assertEquals(Errors.NONE, broker0.produce(trimmed, (short) -1, DataPlaneFixture.records(1004L, "after"))
                .get(15, TimeUnit.SECONDS).error());
        await().atMost(WAIT).until(() -> broker1.partition(trimmed).logEndOffset() == 5L);
    }

    private static MemoryRecords batch(int baseSequence, String... values) {
        return DataPlaneFixture.idempotentRecords(42L, (short) 0, baseSequence, values);
    }
}
