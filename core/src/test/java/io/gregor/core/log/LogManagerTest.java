package io.gregor.core.log;

import static io.gregor.core.log.LogFixture.batch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.checkpoint.MetaProperties;
import io.gregor.core.checkpoint.OffsetCheckpointFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    @TempDir
    Path tmp;
    final LogFixture fx = new LogFixture();

    private List<Path> dirs() {
        return List.of(tmp.resolve("data1"), tmp.resolve("data2"));
    }

    private LogManager manager(int brokerId, String clusterId, long checkpointMs, long retentionMs) {
        LogManagerConfig cfg = new LogManagerConfig(dirs(), brokerId, clusterId, LogConfig.DEFAULT, 2, checkpointMs,
                retentionMs);
        return new LogManager(cfg, topic -> LogConfig.DEFAULT, fx.clock::get);
    }

    @Test
    void startupWritesMetaPropertiesAndNewLogsGoToTheLeastLoadedDir() throws IOException {
        try (LogManager manager = manager(1, "cluster-a", 60_000, 300_000)) {
            manager.startup();
            for (Path dir : dirs()) {
                assertEquals(new MetaProperties(1, "cluster-a"), MetaProperties.read(dir).orElseThrow());
            }
            for (int p = 0; p < 4; p++) {
                manager.getOrCreateLog(new TopicPartition("orders", p), LogConfig.DEFAULT);
            }
            for (Path dir : dirs()) {
                try (var list = Files.list(dir)) {
                    assertEquals(2, list.filter(Files::isDirectory).count(), dir.toString());
                }
            }
            Log log = manager.getOrCreateLog(new TopicPartition("orders", 0), LogConfig.DEFAULT);
            assertTrue(Files.exists(log.dir().resolve("00000000000000000000.log")));
            assertEquals(log, manager.getLog(new TopicPartition("orders", 0)).orElseThrow());
        }
    }

    @Test
    void cleanShutdownWritesMarkerAndCheckpointsAndRestartSkipsRecovery() throws IOException {
        TopicPartition tp = new TopicPartition("payments", 2);
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            Log log = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            log.appendAsLeader(batch(5, 10), 0);
            log.updateHighWatermark(3);
        }
        Path dir = tmp.resolve("data1");
        Path home = Files.exists(dir.resolve(tp.dirName())) ? dir : tmp.resolve("data2");
        assertTrue(Files.exists(home.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
        assertEquals(Map.of(tp, 5L), new OffsetCheckpointFile(home.resolve(OffsetCheckpointFile.RECOVERY_POINT)).read());
        assertEquals(Map.of(tp, 0L), new OffsetCheckpointFile(home.resolve(OffsetCheckpointFile.LOG_START_OFFSET)).read());
        assertEquals(Map.of(tp, 3L), new OffsetCheckpointFile(home.resolve(OffsetCheckpointFile.REPLICATION_OFFSET)).read());

        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            assertFalse(Files.exists(home.resolve(LogManager.CLEAN_SHUTDOWN_FILE)), "marker removed at startup");
            LoadResult result = manager.loadResults().get(tp);
            assertTrue(result.hadCleanShutdown());
            assertEquals(0, result.segmentsRecovered());
            Log log = manager.getLog(tp).orElseThrow();
            assertEquals(5, log.logEndOffset());
            assertEquals(3, log.highWatermark());
        }
    }

    @Test
    void missingMarkerMeansRecovery() throws IOException {
        TopicPartition tp = new TopicPartition("payments", 0);
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            manager.getOrCreateLog(tp, LogConfig.DEFAULT).appendAsLeader(batch(5, 10), 0);
        }
        for (Path dir : dirs()) {
            Files.deleteIfExists(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        }
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            LoadResult result = manager.loadResults().get(tp);
            assertFalse(result.hadCleanShutdown());
            assertEquals(1, result.segmentsRecovered());
            assertEquals(5, manager.getLog(tp).orElseThrow().logEndOffset());
        }
    }

    @Test
    void uncleanRestartKeepsCheckpointingTheRecoveryPointItFoundUntilTheLogIsFlushed() throws IOException {
        TopicPartition tp = new TopicPartition("payments", 1);
        LogManager crashed = manager(1, null, 60_000, 300_000);
        crashed.startup();
        crashed.getOrCreateLog(tp, LogConfig.DEFAULT).appendAsLeader(batch(5, 10), 0);
        crashed.checkpointLogOffsets(); // the periodic task: nothing flushed yet, recovery point 0
        for (Log l : crashed.allLogs()) {
            l.close(); // as kill -9: the files stay as written, no checkpoint, no marker
        }
        Path home = homeOf(tp);
        Path recoveryPoints = home.resolve(OffsetCheckpointFile.RECOVERY_POINT);
        assertEquals(Map.of(tp, 0L), new OffsetCheckpointFile(recoveryPoints).read());
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            assertFalse(manager.loadResults().get(tp).hadCleanShutdown());
            Log log = manager.getLog(tp).orElseThrow();
            assertEquals(5, log.logEndOffset());
            assertEquals(0, log.recoveryPoint());
            manager.checkpointLogOffsets();
            assertEquals(Map.of(tp, 0L), new OffsetCheckpointFile(recoveryPoints).read(),
                    "a crash now must re-validate the recovered records again");
        }
        assertEquals(Map.of(tp, 5L), new OffsetCheckpointFile(recoveryPoints).read(), "flushed at clean shutdown");
        assertTrue(Files.exists(home.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
    }

    @Test
    void startupThatFailsWhileLoadingLeavesNoCleanShutdownMarker() throws IOException {
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
        }
        for (Path dir : dirs()) {
            assertTrue(Files.exists(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
            Files.createDirectories(dir.resolve("orders-0")); // one partition in two dirs fails the load
        }
        assertThrows(IOException.class, () -> manager(1, null, 60_000, 300_000).startup());
        for (Path dir : dirs()) {
            assertFalse(Files.exists(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)),
                    "a crash after a failed load must be recovered: " + dir);
        }
    }

    private Path homeOf(TopicPartition tp) {
        Path dir = tmp.resolve("data1");
        return Files.exists(dir.resolve(tp.dirName())) ? dir : tmp.resolve("data2");
    }

    @Test
    void mismatchingBrokerIdOrClusterIdIsRejectedNamingTheFile() throws IOException {
        try (LogManager manager = manager(1, "cluster-a", 60_000, 300_000)) {
            manager.startup();
        }
        IllegalStateException wrongBroker = assertThrows(IllegalStateException.class,
                () -> manager(2, "cluster-a", 60_000, 300_000).startup());
        assertTrue(wrongBroker.getMessage().contains(MetaProperties.FILE_NAME), wrongBroker.getMessage());
        IllegalStateException wrongCluster = assertThrows(IllegalStateException.class,
                () -> manager(1, "cluster-b", 60_000, 300_000).startup());
        assertTrue(wrongCluster.getMessage().contains("cluster.id"), wrongCluster.getMessage());
    }

    @Test
    void checkpointsAndRetentionRunPeriodically() throws IOException {
        TopicPartition tp = new TopicPartition("clicks", 0);
        int oneBatch = batch(1, 100).sizeInBytes();
        LogConfig small = LogFixture.config(oneBatch * 2, 4096).with(Map.of(LogConfig.RETENTION_BYTES, "0"));
        try (LogManager manager = manager(1, null, 20, 20)) {
            manager.startup();
            Log log = manager.getOrCreateLog(tp, small);
            for (int i = 0; i < 6; i++) {
                log.appendAsLeader(batch(1, 100), 0);
            }
            log.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.numberOfSegments() == 1);
            long start = log.activeSegment().baseOffset();
            assertEquals(start, log.logStartOffset());
            Path home = log.dir().getParent();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Map.of(tp, start).equals(new OffsetCheckpointFile(home.resolve(OffsetCheckpointFile.LOG_START_OFFSET)).read())
                            && Map.of(tp, 6L).equals(new OffsetCheckpointFile(home.resolve(OffsetCheckpointFile.RECOVERY_POINT)).read()));
        }
    }

    @Test
    void deleteLogRemovesTheDirectoryAndItsCheckpointEntries() throws IOException {
        TopicPartition tp = new TopicPartition("gone", 0);
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            Log log = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            log.appendAsLeader(batch(1, 10), 0);
            manager.checkpointLogOffsets();
            assertTrue(manager.deleteLog(tp));
            assertFalse(Files.exists(log.dir()));
            assertTrue(manager.getLog(tp).isEmpty());
            assertEquals(Map.of(), new OffsetCheckpointFile(log.dir().getParent()
                    .resolve(OffsetCheckpointFile.RECOVERY_POINT)).read());
            assertFalse(manager.deleteLog(tp));
        }
    }

    @Test
    void listenersHearOfLogsLoadedCreatedDeletedAndLostWithTheirDir() throws IOException {
        TopicPartition kept = new TopicPartition("kept", 0);
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            manager.getOrCreateLog(kept, LogConfig.DEFAULT);
        }
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.addLogListener(new LogListener() {
                @Override
                public void logAdded(TopicPartition tp) {
                    heard.add("+" + tp);
                }

                @Override
                public void logRemoved(TopicPartition tp) {
                    heard.add("-" + tp);
                }
            });
            manager.startup();
            assertEquals(List.of("+" + kept), heard);
            TopicPartition created = new TopicPartition("created", 0);
            manager.getOrCreateLog(created, LogConfig.DEFAULT);
            manager.getOrCreateLog(created, LogConfig.DEFAULT); // already there: not heard again
            assertTrue(manager.deleteLog(created));
            assertFalse(manager.deleteLog(created));
            assertEquals(List.of("+" + kept, "+" + created, "-" + created), heard);
            manager.handleLogDirFailure(manager.getLog(kept).orElseThrow().dir().getParent());
            assertEquals(List.of("+" + kept, "+" + created, "-" + created, "-" + kept), heard);
        }
    }

    @Test
    void malformedCheckpointAtStartupFallsBackToFullRecovery() throws IOException {
        TopicPartition tp = new TopicPartition("orders", 0);
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            manager.getOrCreateLog(tp, LogConfig.DEFAULT).appendAsLeader(batch(3, 10), 0);
        }
        for (Path dir : dirs()) {
            Files.deleteIfExists(dir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
            Files.writeString(dir.resolve(OffsetCheckpointFile.RECOVERY_POINT), "0\n5\ngarbage\n");
        }
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            assertEquals(3, manager.getLog(tp).orElseThrow().logEndOffset());
            assertEquals(1, manager.loadResults().get(tp).segmentsRecovered());
        }
    }

    @Test
    void concurrentCreationsMakeOneLogPerPartitionSpreadOverTheDirs() throws Exception {
        try (LogManager manager = manager(1, "cluster-a", 60_000, 300_000)) {
            manager.startup();
            int partitions = 200;
            int threads = 8;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<List<Log>>> results = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        List<Log> mine = new java.util.ArrayList<>();
                        for (int p = 0; p < partitions; p++) { // every thread asks for every partition
                            mine.add(manager.getOrCreateLog(new TopicPartition("wide", p), LogConfig.DEFAULT));
                        }
                        return mine;
                    }));
                }
                List<Log> first = results.get(0).get();
                for (var result : results) {
                    List<Log> seen = result.get();
                    for (int p = 0; p < partitions; p++) {
                        assertTrue(seen.get(p) == first.get(p), "one log instance for wide-" + p);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(partitions, manager.allLogs().size());
            for (Path dir : dirs()) {
                try (var list = Files.list(dir)) {
                    assertEquals(partitions / 2, list.filter(Files::isDirectory).count(),
                            "creations in flight count for the placement: " + dir);
                }
            }
        }
    }

    @Test
    void loadingAsksForEachTopicsConfigOnceAndGivesItToEveryPartitionOfTheTopic() throws IOException {
        try (LogManager manager = manager(1, null, 60_000, 300_000)) {
            manager.startup();
            for (int p = 0; p < 6; p++) {
                manager.getOrCreateLog(new TopicPartition("orders", p), LogConfig.DEFAULT);
                manager.getOrCreateLog(new TopicPartition("audit", p), LogConfig.DEFAULT);
            }
        }
        Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        LogConfig compacted = LogConfig.DEFAULT.with(Map.of("cleanup.policy", "compact"));
        LogManagerConfig cfg = new LogManagerConfig(dirs(), 1, null, LogConfig.DEFAULT, 2, 60_000, 300_000);
        try (LogManager manager = new LogManager(cfg, topic -> {
            asked.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
            return topic.equals("audit") ? compacted : LogConfig.DEFAULT;
        }, fx.clock::get)) {
            manager.startup();
            assertEquals(1, asked.get("orders").get());
            assertEquals(1, asked.get("audit").get());
            for (int p = 0; p < 6; p++) {
                assertEquals(compacted, manager.getLog(new TopicPartition("audit", p)).orElseThrow().config());
                assertEquals(LogConfig.DEFAULT, manager.getLog(new TopicPartition("orders", p)).orElseThrow().config());
            }
        }
    }
}
