package io.gregor.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.testing.ManualClock;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partitions of one broker through its {@link ReplicaManager}, with real logs in a temp dir:
 * LeaderAndIsr fencing, the high watermark as a lagging follower fetches, acks=all produces.
 */
class ReplicaManagerTest {
    private static final TopicPartition TP = new TopicPartition("rm", 0);
    private static final int CONTROLLER_EPOCH = 3;

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ManualClock clock = new ManualClock();
    private LogManager logManager;
    private ReplicaManager replicaManager;

    @BeforeEach
    void start() throws Exception {
        logManager = new LogManager(LogManagerConfig.defaults(List.of(dir), 0, "c"), topic -> LogConfig.DEFAULT, clock);
        logManager.startup();
        replicaManager = new ReplicaManager(0, logManager, topic -> LogConfig.DEFAULT, topic -> 2, scheduler,
                ReplicaFetcherControl.NONE, clock);
    }

    @AfterEach
    void stop() throws Exception {
        replicaManager.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private static LeaderAndIsrPartitionState leader(int leaderEpoch, List<Integer> isr) {
        return new LeaderAndIsrPartitionState(TP, CONTROLLER_EPOCH, 0, leaderEpoch, isr, 1, List.of(0, 1), false);
    }

    private Map<TopicPartition, Errors> apply(int controllerEpoch, LeaderAndIsrPartitionState state) {
        return replicaManager.becomeLeaderOrFollower(controllerEpoch, List.of(state), Map.of()).partitionErrors();
    }

    @Test
    void leaderAndIsrWithAnOlderLeaderEpochIsIgnoredWithStaleControllerEpoch() {
        assertEquals(Map.of(TP, Errors.NONE), apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1))));
        LeaderAndIsrPartitionState older = new LeaderAndIsrPartitionState(TP, CONTROLLER_EPOCH, 1, 4, List.of(1), 0,
                List.of(0, 1), false);
        assertEquals(Map.of(TP, Errors.STALE_CONTROLLER_EPOCH), apply(CONTROLLER_EPOCH, older));
        Partition p = replicaManager.partition(TP).orElseThrow();
        assertTrue(p.isLeader(), "still the leader of epoch 5");
        assertEquals(5, p.leaderEpoch());
        assertEquals(List.of(0, 1), p.isr());
    }

    @Test
    void requestFromAnOlderControllerEpochIsRefusedWhole() {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1)));
        ReplicaManager.StateChangeResult stale = replicaManager.becomeLeaderOrFollower(CONTROLLER_EPOCH - 1,
                List.of(leader(6, List.of(0))), Map.of());
        assertEquals(Errors.STALE_CONTROLLER_EPOCH, stale.error());
        assertEquals(5, replicaManager.partition(TP).orElseThrow().leaderEpoch());
    }

    @Test
    void highWatermarkFollowsTheLaggingFollowerAndConsumersReadOnlyUpToIt() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1)));
        for (int i = 0; i < 3; i++) {
            assertEquals(Errors.NONE, produce(1, 1_000L, 1).get(5, TimeUnit.SECONDS).get(TP).error());
        }
        followerFetches(1L);
        assertEquals(1L, replicaManager.partition(TP).orElseThrow().highWatermark());

        FetchPartitionResult consumer = replicaManager.fetchMessages(new FetchParams(-1, -1L, 0L, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, 0L, 1 << 20, 5))).get(5, TimeUnit.SECONDS).get(0);
        assertEquals(Errors.NONE, consumer.error());
        assertEquals(1L, consumer.highWatermark());
        assertEquals(records(1).sizeInBytes(), consumer.records().sizeInBytes(), "only the batch below the high watermark");

        followerFetches(3L);
        assertEquals(3L, replicaManager.partition(TP).orElseThrow().highWatermark());
    }

    @Test
    void aWaitingFetchWhoseCallerCancelsItLeavesThePurgatoryAtOnce() {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1)));
        CompletableFuture<List<FetchPartitionResult>> waiting = replicaManager.fetchMessages(
                new FetchParams(-1, -1L, 30_000L, 1, 1 << 20, false), List.of(new FetchPartitionRequest(TP, 0L, 1 << 20, 5)));
        assertFalse(waiting.isDone(), "no data yet: the fetch waits up to 30 s");
        assertEquals(1, replicaManager.delayedOperationCount());

        waiting.cancel(false); // its client went away
        assertEquals(0, replicaManager.delayedOperationCount());
    }

    @Test
    void acksAllProduceTimesOutWhileTheIsrFollowerDoesNotFetch() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1)));
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> pending = produce(-1, 200L, 2);
        assertFalse(pending.isDone(), "waits for the follower");
        ProducePartitionResult result = pending.get(10, TimeUnit.SECONDS).get(TP);
        assertEquals(Errors.REQUEST_TIMED_OUT, result.error());
        assertEquals(0L, replicaManager.partition(TP).orElseThrow().highWatermark());
        assertEquals(2L, replicaManager.partition(TP).orElseThrow().logEndOffset(), "the records stay written");
    }

    @Test
    void acksAllProduceIsAnsweredOnceTheIsrFollowerFetchedPastIt() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1)));
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> pending = produce(-1, 60_000L, 2);
        followerFetches(1L);
        assertFalse(pending.isDone(), "one of two records replicated");
        followerFetches(2L);
        ProducePartitionResult result = pending.get(10, TimeUnit.SECONDS).get(TP);
        assertEquals(Errors.NONE, result.error());
        assertEquals(0L, result.baseOffset());
    }

    @Test
    void acksAllIsRefusedWithNotEnoughReplicasWhenTheIsrIsBelowMinInsyncReplicas() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0)));
        ProducePartitionResult result = produce(-1, 60_000L, 1).get(5, TimeUnit.SECONDS).get(TP);
        assertEquals(Errors.NOT_ENOUGH_REPLICAS, result.error());
        assertEquals(0L, replicaManager.partition(TP).orElseThrow().logEndOffset());
    }

    private CompletableFuture<Map<TopicPartition, ProducePartitionResult>> produce(int acks, long timeoutMs, int count) {
        return replicaManager.appendRecords(timeoutMs, (short) acks, Map.of(TP, records(count)));
    }

    private static MemoryRecords records(int count) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        for (int i = 0; i < count; i++) {
            b.append(1_000L + i, null, new byte[8]);
        }
        return b.build();
    }

    private void followerFetches(long offset) throws Exception {
        FetchPartitionResult r = replicaManager.fetchMessages(new FetchParams(1, 101L, 0L, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, offset, 1 << 20, 5))).get(5, TimeUnit.SECONDS).get(0);
        assertEquals(Errors.NONE, r.error());
    }
}
