package io.gregor.core.cleaner;

import static io.gregor.core.cleaner.CompactionFixture.batch;
import static io.gregor.core.cleaner.CompactionFixture.compacted;
import static io.gregor.core.cleaner.CompactionFixture.readRecords;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.checkpoint.OffsetCheckpointFile;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCleanerManagerTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000L);

    private static void overwrite(Log log, int versions) throws IOException {
        for (int v = 0; v < versions; v++) {
            for (int k = 0; k < 20; k++) {
                log.appendAsLeader(batch(1_000_000L, "v" + v, "key-" + k), 0);
            }
        }
        log.roll();
    }

    @Test
    void theLogManagersCleanerThreadCompactsCompactLogsAndNeverTouchesDeleteLogs() throws IOException {
        LogConfig deletePolicy = LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, "1024"));
        LogManagerConfig config = new LogManagerConfig(List.of(dir), 0, null, deletePolicy, 1, 60_000L, 300_000L,
                true, 1, 20L);
        TopicPartition compactTp = new TopicPartition("compacted", 0);
        TopicPartition deleteTp = new TopicPartition("plain", 0);
        try (LogManager manager = new LogManager(config, topic -> deletePolicy, clock::get)) {
            manager.startup();
            assertNotNull(manager.cleaner());
            // The cleaner may run while the log is written; a low ratio lets the last pass happen whatever the
            // clean part left by earlier passes (with 0.5 a large clean part can rightly hold cleaning back).
            Log compact = manager.getOrCreateLog(compactTp,
                    compacted(1024).with(Map.of(LogConfig.MIN_CLEANABLE_DIRTY_RATIO, "0.01")));
            Log plain = manager.getOrCreateLog(deleteTp, deletePolicy);
            overwrite(plain, 10);
            overwrite(compact, 10);
            long plainSize = plain.size();
            int plainSegments = plain.numberOfSegments();

            await().atMost(Duration.ofSeconds(20)).until(() -> readRecords(compact).size() == 20);

            List<CompactionFixture.KeyedRecord> records = readRecords(compact);
            for (int k = 0; k < 20; k++) {
                assertEquals("v9", records.get(k).value());
                assertEquals(9L * 20 + k, records.get(k).offset());
            }
            assertEquals(plainSize, plain.size());
            assertEquals(plainSegments, plain.numberOfSegments());
            assertEquals(200, readRecords(plain).size());
            await().atMost(Duration.ofSeconds(10)).until(() -> new OffsetCheckpointFile(
                    dir.resolve(LogCleaner.CHECKPOINT_FILE)).read().containsKey(compactTp));
            Map<TopicPartition, Long> checkpoint = new OffsetCheckpointFile(dir.resolve(LogCleaner.CHECKPOINT_FILE)).read();
            assertEquals(200L, checkpoint.get(compactTp));
            assertFalse(checkpoint.containsKey(deleteTp));
        }
    }

    @Test
    void retentionDoesNotDeleteSegmentsOfAPurelyCompactedLog() throws IOException {
        LogConfig compactOnly = compacted(1024).with(Map.of(LogConfig.RETENTION_MS, "1000"));
        LogConfig both = compactOnly.with(Map.of(LogConfig.CLEANUP_POLICY, "compact,delete"));
        try (Log compact = Log.open(dir.resolve("c-0"), compactOnly, 0L, 0L, true, clock::get, null);
             Log mixed = Log.open(dir.resolve("m-0"), both, 0L, 0L, true, clock::get, null)) {
            overwrite(compact, 5);
            overwrite(mixed, 5);
            clock.addAndGet(10_000);
            assertEquals(0, compact.deleteOldSegments());
            assertTrue(mixed.deleteOldSegments() > 0);
            assertEquals("compact,delete", both.cleanupPolicy());
        }
    }

    @Test
    void cleanupPolicyIsValidated() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LogConfig.fromMap(Map.of(LogConfig.CLEANUP_POLICY, "shred")));
        assertEquals("delete", LogConfig.DEFAULT.cleanupPolicy());
        assertEquals(86_400_000L, LogConfig.DEFAULT.deleteRetentionMs());
        assertEquals(0.5, LogConfig.DEFAULT.minCleanableDirtyRatio());
        assertEquals(Long.MAX_VALUE, LogConfig.DEFAULT.maxCompactionLagMs());
        assertTrue(compacted(1024).compact());
        assertFalse(compacted(1024).delete());
    }
}
