package io.gregor.replication;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.testing.ManualClock;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log dir moves through the {@link ReplicaManager} with two log dirs and a clock that only the
 * test moves: a move held back by its throttle shows as a future log, is cancelled by asking for
 * the dir the replica is in (as Kafka's tool does for --cancel), and does not hold up the next move.
 */
class ReplicaLogDirsTest {
    private static final TopicPartition TP = new TopicPartition("moving", 0);

    @TempDir
    Path tmp;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ManualClock clock = new ManualClock();
    private LogManager logManager;
    private ReplicaManager replicaManager;

    @BeforeEach
    void start() throws Exception {
        logManager = new LogManager(LogManagerConfig.defaults(List.of(tmp.resolve("a"), tmp.resolve("b")), 0, "c"),
                topic -> LogConfig.DEFAULT, clock);
        logManager.startup();
        replicaManager = new ReplicaManager(0, logManager, topic -> LogConfig.DEFAULT, topic -> 1, scheduler,
                ReplicaFetcherControl.NONE, clock);
        replicaManager.becomeLeaderOrFollower(1, List.of(new LeaderAndIsrPartitionState(TP, 1, 0, 1, List.of(0), 1,
                List.of(0), false)), Map.of());
        for (int i = 0; i < 10; i++) {
            replicaManager.appendRecords(1_000L, (short) 1, Map.of(TP, records(10_000))).get(5, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() throws Exception {
        replicaManager.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private static MemoryRecords records(int valueBytes) {
        MemoryRecordsBuilder b = MemoryRecordsBuilder.builder(Compression.NONE, 0);
        b.append(1_000L, null, new byte[valueBytes]);
        return b.build();
    }

    private Path currentDir() {
        return replicaManager.partition(TP).orElseThrow().log().dir().getParent();
    }

    @Test
    void aThrottledMoveIsCancelledByAskingForTheCurrentDirAndTheNextMoveStillRuns() throws Exception {
        Path from = currentDir();
        Path to = from.equals(tmp.resolve("a")) ? tmp.resolve("b") : tmp.resolve("a");
        replicaManager.throttles().updateAlterLogDirsRate(1_000); // the clock stands still: one step, then it waits

        assertEquals(Map.of(TP, Errors.NONE), replicaManager.alterReplicaLogDirs(Map.of(TP, to)));
        await().atMost(Duration.ofSeconds(10)).until(() -> logManager.futureLogs().containsKey(TP)
                && logManager.futureLogs().get(TP).logEndOffset() > 0);
        Log future = logManager.futureLogs().get(TP);
        assertTrue(future.logEndOffset() < 10, "held back by the throttle: " + future);
        assertTrue(replicaManager.describeLogDirs(Optional.empty()).stream()
                .anyMatch(d -> d.dir().equals(to.toAbsolutePath()) && d.replicas().stream().anyMatch(r -> r.isFuture())));

        assertEquals(Map.of(TP, Errors.NONE), replicaManager.alterReplicaLogDirs(Map.of(TP, from)));
        assertEquals(Map.of(), logManager.futureLogs(), "cancelled");
        assertFalse(Files.exists(future.dir()));
        assertEquals(from, currentDir());

        // the cancelled move, waiting for its throttle, gives way: the next one starts while still throttled
        assertEquals(Map.of(TP, Errors.NONE), replicaManager.alterReplicaLogDirs(Map.of(TP, to)));
        await().atMost(Duration.ofSeconds(10)).until(() -> logManager.futureLogs().containsKey(TP));
        replicaManager.throttles().updateAlterLogDirsRate(Long.MAX_VALUE);
        await().atMost(Duration.ofSeconds(10)).until(() -> currentDir().equals(to));
        assertEquals(10, replicaManager.partition(TP).orElseThrow().logEndOffset());
    }
}
