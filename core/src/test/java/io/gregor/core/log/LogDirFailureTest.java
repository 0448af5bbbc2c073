package io.gregor.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirFailureTest {
    @TempDir
    Path tmp;

    @Test
    void aDirThatFailsACheckpointIsReportedAndTakenOfflineWhileTheOtherDirKeepsItsLogsAndGetsTheNewOnes() throws Exception {
        Path healthy = tmp.resolve("data1");
        Path failing = tmp.resolve("data2");
        LogManagerConfig cfg = new LogManagerConfig(List.of(healthy, failing), 1, null, LogConfig.DEFAULT, 1, 60_000, 300_000);
        try (LogManager manager = new LogManager(cfg)) {
            manager.startup();
            for (int p = 0; p < 4; p++) {
                manager.getOrCreateLog(new TopicPartition("t", p), LogConfig.DEFAULT);
            }
            Set<TopicPartition> onFailing = new TreeSet<>(Comparator.comparing(TopicPartition::toString));
            manager.logsIn(failing).forEach(l -> onFailing.add(l.topicPartition()));
            assertEquals(2, onFailing.size());

            deleteRecursively(failing);
            assertThrows(IOException.class, manager::checkpointLogOffsets);
            assertTrue(manager.failureChannel().hasFailed(failing));
            assertEquals(failing, manager.failureChannel().takeNextOfflineLogDir());

            List<TopicPartition> lost = manager.handleLogDirFailure(failing);
            Set<TopicPartition> lostSet = new TreeSet<>(Comparator.comparing(TopicPartition::toString));
            lostSet.addAll(lost);
            assertEquals(onFailing, lostSet);
            assertTrue(manager.isOffline(failing));
            assertEquals(List.of(healthy), manager.liveLogDirs());
            lost.forEach(tp -> assertTrue(manager.getLog(tp).isEmpty(), tp + " is no longer served"));
            assertEquals(2, manager.allLogs().size());

            manager.checkpointLogOffsets(); // the healthy dir alone now
            Log created = manager.getOrCreateLog(new TopicPartition("t", 9), LogConfig.DEFAULT);
            assertEquals(healthy, created.dir().getParent(), "new logs go to the online dir only");
        }
    }

    @Test
    void aLogDirThatCannotBeCreatedAtStartupIsOfflineAndTheBrokerStartsOnTheOthers() throws Exception {
        Path healthy = tmp.resolve("data1");
        Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "a file");
        Path unusable = blocker.resolve("data2");
        LogManagerConfig cfg = new LogManagerConfig(List.of(healthy, unusable), 1, null, LogConfig.DEFAULT, 1, 60_000, 300_000);
        try (LogManager manager = new LogManager(cfg)) {
            manager.startup();
            assertTrue(manager.isOffline(unusable));
            assertEquals(List.of(healthy), manager.liveLogDirs());
            assertEquals(healthy, manager.getOrCreateLog(new TopicPartition("t", 0), LogConfig.DEFAULT).dir().getParent());
        }
        LogManagerConfig none = new LogManagerConfig(List.of(unusable), 1, null, LogConfig.DEFAULT, 1, 60_000, 300_000);
        try (LogManager manager = new LogManager(none)) {
            assertThrows(IOException.class, manager::startup);
        }
    }

    @Test
    void retentionThatCannotDeleteASegmentTakesItsDirOfflineButAClosedLogDoesNot() throws Exception {
        Path healthy = tmp.resolve("data1");
        Path failing = tmp.resolve("data2");
        LogConfig keepNothing = LogConfig.fromMap(java.util.Map.of(LogConfig.RETENTION_BYTES, "0"));
        LogManagerConfig cfg = new LogManagerConfig(List.of(healthy, failing), 1, null, keepNothing, 1, 60_000, 300_000);
        try (LogManager manager = new LogManager(cfg)) {
            manager.startup();
            Log first = manager.getOrCreateLog(new TopicPartition("t", 0), keepNothing);
            Log second = manager.getOrCreateLog(new TopicPartition("t", 1), keepNothing);
            Log onFailing = first.dir().getParent().equals(failing) ? first : second;
            Log onHealthy = onFailing == first ? second : first;
            for (Log l : List.of(onFailing, onHealthy)) {
                l.appendAsLeader(LogFixture.batch(3, 50), 0);
                l.roll();
            }
            onHealthy.close(); // e.g. deleted by StopReplica while retention runs: not a disk failure
            deleteRecursively(onFailing.dir());

            manager.cleanupLogs();

            assertTrue(manager.failureChannel().hasFailed(failing), "deleting the segment failed: its dir is offline");
            assertTrue(!manager.failureChannel().hasFailed(healthy), "a closed log reports nothing");
            manager.handleLogDirFailure(failing); // as the broker's failure handler does next
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
