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
 * LeaderAndIsr fencing, the high watermark as a lagging follower fetches, acks=all produces,
 * DeleteRecords waiting for the follower's log start offset, ListOffsets MAX_TIMESTAMP.
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

    @Test
    void deleteRecordsMovesTheLeadersLogStartAndAnswersOnceTheIsrFollowerMovedItsOwn() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1)));
        for (int i = 0; i < 3; i++) {
            produce(1, 1_000L, 1).get(5, TimeUnit.SECONDS);
        }
        followerFetches(3L, 0L);
        CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> pending =
                replicaManager.deleteRecords(60_000L, Map.of(TP, 2L));
        Partition p = replicaManager.partition(TP).orElseThrow();
        assertEquals(2L, p.log().logStartOffset(), "the leader moved at once");
        assertFalse(pending.isDone(), "waits for the follower, whose log still starts at 0");
        assertEquals(2L, replicaManager.fetchOffset(TP, OffsetLookupResult.EARLIEST_TIMESTAMP, -1, -1).offset());
        FetchPartitionResult below = replicaManager.fetchMessages(new FetchParams(-1, -1L, 0L, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, 1L, 1 << 20, 5))).get(5, TimeUnit.SECONDS).get(0);
        assertEquals(Errors.OFFSET_OUT_OF_RANGE, below.error(), "a consumer fetch below the new start");

        followerFetches(3L, 2L);
        assertEquals(new DeleteRecordsPartitionResult(Errors.NONE, 2L), pending.get(5, TimeUnit.SECONDS).get(TP));
        assertEquals(0, replicaManager.delayedOperationCount());
    }

    @Test
    void deleteRecordsToMinusOneGoesToTheHighWatermarkAndBeyondItIsOutOfRange() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0, 1)));
        produce(1, 1_000L, 4).get(5, TimeUnit.SECONDS);
        followerFetches(3L, 0L); // high watermark 3, log end 4
        assertEquals(new DeleteRecordsPartitionResult(Errors.OFFSET_OUT_OF_RANGE, -1L),
                replicaManager.deleteRecords(0L, Map.of(TP, 4L)).get(5, TimeUnit.SECONDS).get(TP));
        assertEquals(new DeleteRecordsPartitionResult(Errors.OFFSET_OUT_OF_RANGE, -1L),
                replicaManager.deleteRecords(0L, Map.of(TP, -7L)).get(5, TimeUnit.SECONDS).get(TP));
        assertEquals(new DeleteRecordsPartitionResult(Errors.REQUEST_TIMED_OUT, -1L),
                replicaManager.deleteRecords(0L, Map.of(TP, -1L)).get(5, TimeUnit.SECONDS).get(TP),
                "the follower has not moved within the timeout");
        assertEquals(3L, replicaManager.partition(TP).orElseThrow().log().logStartOffset(), "-1 meant the high watermark");
        assertEquals(new DeleteRecordsPartitionResult(Errors.UNKNOWN_TOPIC_OR_PARTITION, -1L), replicaManager
                .deleteRecords(0L, Map.of(new TopicPartition("absent", 0), 1L)).get(5, TimeUnit.SECONDS)
                .get(new TopicPartition("absent", 0)));
    }

    @Test
    void deleteRecordsOnAFollowerIsRefusedWithNotLeaderOrFollower() throws Exception {
        apply(CONTROLLER_EPOCH, new LeaderAndIsrPartitionState(TP, CONTROLLER_EPOCH, 1, 5, List.of(0, 1), 1,
                List.of(0, 1), false));
        assertEquals(new DeleteRecordsPartitionResult(Errors.NOT_LEADER_OR_FOLLOWER, -1L),
                replicaManager.deleteRecords(1_000L, Map.of(TP, 0L)).get(5, TimeUnit.SECONDS).get(TP));
    }

    @Test
    void maxTimestampAnswersTheFirstRecordWithTheLargestTimestampNotItsBatchsLastOffset() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0)));
        replicaManager.appendRecords(1_000L, (short) 1, Map.of(TP, timestamped(1_000L, 5_000L, 3_000L, 5_000L, 2_000L)))
                .get(5, TimeUnit.SECONDS);
        replicaManager.appendRecords(1_000L, (short) 1, Map.of(TP, timestamped(4_000L, 4_500L)))
                .get(5, TimeUnit.SECONDS);
        OffsetLookupResult max = replicaManager.fetchOffset(TP, OffsetLookupResult.MAX_TIMESTAMP, -1, -1);
        assertEquals(Errors.NONE, max.error());
        assertEquals(5_000L, max.timestamp());
        assertEquals(1L, max.offset(), "offset 1 is the first record stamped 5000; its batch ends at 4");
    }

    @Test
    void anAppendThatFoundThePartitionJustBeforeStopReplicaDeletedItGetsNotLeaderAndNoLogDirGoesOffline() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0)));
        Partition inFlight = replicaManager.partition(TP).orElseThrow(); // as appendRecords holds it when the stop comes
        assertEquals(Map.of(TP, Errors.NONE), replicaManager.stopReplicas(CONTROLLER_EPOCH,
                List.of(new StopReplicaPartition(TP, 5, true))).partitionErrors());
        assertTrue(inFlight.log().isClosed(), "the log was deleted");

        Partition.AppendOutcome late = inFlight.appendRecordsToLeader(records(1), 1);

        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, late.result().error());
        assertFalse(inFlight.appendRecordsAsFollower(5, records(1), 1L, 0L), "nor does it append as a follower");
        assertFalse(logManager.failureChannel().hasFailed(dir));
        assertFalse(logManager.isOffline(dir));
    }

    @Test
    void deleteRecordsThatCannotDeleteItsSegmentsAnswersStorageErrorAndTakesTheLogDirOffline() throws Exception {
        apply(CONTROLLER_EPOCH, leader(5, List.of(0)));
        produce(1, 1_000L, 2).get(5, TimeUnit.SECONDS);
        Partition p = replicaManager.partition(TP).orElseThrow();
        p.log().roll();
        produce(1, 1_000L, 2).get(5, TimeUnit.SECONDS);
        try (var walk = java.nio.file.Files.walk(p.log().dir())) { // the disk lost the partition's files
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(f);
            }
        }

        assertEquals(Errors.KAFKA_STORAGE_ERROR,
                replicaManager.deleteRecords(0L, Map.of(TP, 3L)).get(5, TimeUnit.SECONDS).get(TP).error());
        assertTrue(logManager.failureChannel().hasFailed(dir));
        replicaManager.handleLogDirFailure(dir); // as the failure handler thread does next
        assertTrue(replicaManager.isOffline(TP));
    }

    private static MemoryRecords timestamped(long... timestamps) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        for (long ts : timestamps) {
            b.append(ts, null, new byte[8]);
        }
        return b.build();
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
        followerFetches(offset, -1L);
    }

    private void followerFetches(long offset, long followerLogStartOffset) throws Exception {
        FetchPartitionResult r = replicaManager.fetchMessages(new FetchParams(1, 101L, 0L, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(TP, offset, 1 << 20, 5, followerLogStartOffset)))
                .get(5, TimeUnit.SECONDS).get(0);
        assertEquals(Errors.NONE, r.error());
    }

    @Test
    void aFullLeaderAndIsrLeadsToDeletingOnlyTheLogsTheMetadataAssignsToOtherBrokers() throws Exception {
        TopicPartition movedAway = new TopicPartition("moved", 0);
        TopicPartition unknown = new TopicPartition("unknown", 0);
        TopicPartition hosted = new TopicPartition("hosted", 0);
        for (TopicPartition tp : List.of(movedAway, unknown, hosted)) {
            logManager.getOrCreateLog(tp, LogConfig.DEFAULT);
        }
        // an incremental request leaves the other logs alone, whatever the metadata says
        replicaManager.becomeLeaderOrFollower(CONTROLLER_EPOCH, List.of(new LeaderAndIsrPartitionState(hosted,
                CONTROLLER_EPOCH, 0, 1, List.of(0), 0, List.of(0), false)), Map.of(), false);
        replicaManager.deleteStrayLogs(tp -> true);
        assertTrue(logManager.getLog(movedAway).isPresent());

        replicaManager.becomeLeaderOrFollower(CONTROLLER_EPOCH, List.of(new LeaderAndIsrPartitionState(hosted,
                CONTROLLER_EPOCH, 0, 1, List.of(0), 0, List.of(0), false)), Map.of(), true);
        assertTrue(logManager.getLog(movedAway).isPresent(), "nothing deleted before the metadata is checked");
        replicaManager.deleteStrayLogs(tp -> tp.equals(movedAway) || tp.equals(hosted));
        assertFalse(logManager.getLog(movedAway).isPresent(), "assigned to other brokers: deleted");
        assertTrue(logManager.getLog(unknown).isPresent(), "unknown to the metadata: kept");
        assertTrue(logManager.getLog(hosted).isPresent(), "named by the full request: kept");
        assertTrue(replicaManager.partition(hosted).isPresent());
        replicaManager.deleteStrayLogs(tp -> true);
        assertTrue(logManager.getLog(unknown).isPresent(), "each candidate is checked once");
    }
}
