package io.gregor.replication;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.ArrayList;
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
 * A consumer fetch waiting in the fetch purgatory over many partitions of one broker (2,000 where
 * the count matters; real logs in a temp dir, ISR {0, 1} with follower 1 lagging, so appends stay
 * invisible until it fetches): it
 * completes at once on the wake that satisfies it, a wake re-reads only the woken partition, and the
 * answer is a fresh read of every partition.
 */
class DelayedFetchTest {
    private static final int MANY = 2_000;
    private static final int SOME = 50;
    private static final int CONTROLLER_EPOCH = 3;
    private static final int LEADER_EPOCH = 5;
    private static final long WAIT_MS = 60_000L; // far longer than any test: completing before it is "at once"

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ManualClock clock = new ManualClock();
    private final List<TopicPartition> tps = new ArrayList<>();
    private LogManager logManager;
    private ReplicaManager replicaManager;

    @BeforeEach
    void start() throws Exception {
        logManager = new LogManager(LogManagerConfig.defaults(List.of(dir), 0, "c"), topic -> LogConfig.DEFAULT, clock);
        logManager.startup();
        replicaManager = new ReplicaManager(0, logManager, topic -> LogConfig.DEFAULT, topic -> 2, scheduler,
                ReplicaFetcherControl.NONE, clock);
    }

    /** Makes this broker the leader of {@code count} partitions, follower 1 in the ISR and at offset 0. */
    private void lead(int count) {
        List<LeaderAndIsrPartitionState> states = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TopicPartition tp = new TopicPartition("many", i);
            tps.add(tp);
            states.add(new LeaderAndIsrPartitionState(tp, CONTROLLER_EPOCH, 0, LEADER_EPOCH, List.of(0, 1), 0,
                    List.of(0, 1), true));
        }
        replicaManager.becomeLeaderOrFollower(CONTROLLER_EPOCH, states, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        replicaManager.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void aFetchWaitingOnManyPartitionsCompletesAtOnceWhenOneOfThemGetsDataAndAnswersTheCurrentStateOfAll()
            throws Exception {
        lead(MANY);
        CompletableFuture<List<FetchPartitionResult>> waiting = consumerFetchesAll(1);
        assertFalse(waiting.isDone(), "no data yet");
        append(tps.get(7), 2); // not visible: the follower has not fetched it
        append(tps.get(1500), 1);
        assertFalse(waiting.isDone(), "nothing below the high watermark yet");

        followerFetches(tps.get(1500), 1L); // the high watermark of partition 1500 moves to 1
        assertTrue(waiting.isDone(), "completed by the wake, not after max_wait");

        List<FetchPartitionResult> answer = waiting.get();
        assertEquals(MANY, answer.size());
        for (int i = 0; i < MANY; i++) {
            FetchPartitionResult r = answer.get(i);
            assertEquals(tps.get(i), r.topicPartition(), "request order");
            assertEquals(Errors.NONE, r.error());
            if (i == 1500) {
                assertEquals(1L, r.highWatermark());
                assertEquals(records(1).sizeInBytes(), r.records().sizeInBytes(), "the new data");
            } else {
                assertEquals(0L, r.highWatermark());
                assertEquals(0, r.records().sizeInBytes(), "nothing visible in " + r.topicPartition());
            }
        }
    }

    @Test
    void wakesWithoutNewDataReadOnlyTheWokenPartition() throws Exception {
        lead(MANY);
        long before = replicaManager.fetchPartitionReads();
        CompletableFuture<List<FetchPartitionResult>> waiting = consumerFetchesAll(1);
        assertFalse(waiting.isDone());
        assertEquals(2L * MANY, replicaManager.fetchPartitionReads() - before,
                "parking reads every partition twice: the first read and the check after watching");

        long parked = replicaManager.fetchPartitionReads();
        int wakes = 100;
        for (int i = 0; i < wakes; i++) {
            append(tps.get(i * 17), 1); // each append wakes its partition; the high watermark stays put
        }
        assertFalse(waiting.isDone(), "nothing visible to the consumer yet");
        assertEquals(wakes, replicaManager.fetchPartitionReads() - parked, "one partition read per wake, not "
                + MANY);
    }

    @Test
    void minBytesAddUpAcrossWakesOfDifferentPartitions() throws Exception {
        lead(SOME);
        int batch = records(1).sizeInBytes();
        CompletableFuture<List<FetchPartitionResult>> waiting = consumerFetchesAll(2 * batch);
        append(tps.get(3), 1);
        append(tps.get(SOME - 1), 1);

        followerFetches(tps.get(3), 1L);
        assertFalse(waiting.isDone(), "one batch of the two min_bytes asks for");
        followerFetches(tps.get(SOME - 1), 1L);
        assertTrue(waiting.isDone(), "the second partition's batch makes min_bytes");

        List<FetchPartitionResult> answer = waiting.get();
        assertEquals(batch, answer.get(3).records().sizeInBytes());
        assertEquals(batch, answer.get(SOME - 1).records().sizeInBytes());
    }

    @Test
    void aPartitionWhoseLeadershipMovesCompletesTheWaitingFetchWithItsError() throws Exception {
        lead(SOME);
        CompletableFuture<List<FetchPartitionResult>> waiting = consumerFetchesAll(1);
        TopicPartition moved = tps.get(42);
        replicaManager.becomeLeaderOrFollower(CONTROLLER_EPOCH, List.of(new LeaderAndIsrPartitionState(moved,
                CONTROLLER_EPOCH, 1, LEADER_EPOCH + 1, List.of(0, 1), 1, List.of(0, 1), false)), Map.of());
        assertTrue(waiting.isDone(), "completed by the leadership change, not after max_wait");

        List<FetchPartitionResult> answer = waiting.get();
        assertNotEquals(Errors.NONE, answer.get(42).error());
        assertEquals(Errors.NONE, answer.get(41).error());
        assertEquals(Errors.NONE, answer.get(43).error());
    }

    @Test
    void aFetchThatNothingSatisfiesIsAnsweredWithEveryPartitionAfterMaxWait() throws Exception {
        lead(SOME);
        CompletableFuture<List<FetchPartitionResult>> waiting = replicaManager.fetchMessages(
                new FetchParams(-1, -1L, 100L, 1, 1 << 20, false), requestsForAll());
        append(tps.get(9), 1); // woken, still invisible
        await().atMost(10, TimeUnit.SECONDS).until(waiting::isDone);
        List<FetchPartitionResult> answer = waiting.get();
        assertEquals(SOME, answer.size());
        assertTrue(answer.stream().allMatch(r -> r.error() == Errors.NONE && r.records().sizeInBytes() == 0));
        assertEquals(0, replicaManager.delayedOperationCount());
    }

    private CompletableFuture<List<FetchPartitionResult>> consumerFetchesAll(int minBytes) {
        return replicaManager.fetchMessages(new FetchParams(-1, -1L, WAIT_MS, minBytes, 50 << 20, false),
                requestsForAll());
    }

    private List<FetchPartitionRequest> requestsForAll() {
        return tps.stream().map(tp -> new FetchPartitionRequest(tp, 0L, 1 << 20, LEADER_EPOCH)).toList();
    }

    private void append(TopicPartition tp, int count) throws Exception {
        ProducePartitionResult r = replicaManager.appendRecords(1_000L, (short) 1, Map.of(tp, records(count)))
                .get(5, TimeUnit.SECONDS).get(tp);
        assertEquals(Errors.NONE, r.error());
    }

    private void followerFetches(TopicPartition tp, long offset) throws Exception {
        FetchPartitionResult r = replicaManager.fetchMessages(new FetchParams(1, 101L, 0L, 1, 1 << 20, false),
                List.of(new FetchPartitionRequest(tp, offset, 1 << 20, LEADER_EPOCH, -1L))).get(5, TimeUnit.SECONDS).get(0);
        assertEquals(Errors.NONE, r.error());
    }

    private static MemoryRecords records(int count) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        for (int i = 0; i < count; i++) {
            b.append(1_000L + i, null, new byte[8]);
        }
        return b.build();
    }
}
