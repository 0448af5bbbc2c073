package io.gregor.core.log;

import static io.gregor.core.log.LogFixture.batch;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirMoveTest {
    @TempDir
    Path tmp;

    private LogManager manager() {
        return new LogManager(new LogManagerConfig(List.of(tmp.resolve("data1"), tmp.resolve("data2")), 1, null,
                LogConfig.DEFAULT, 1, 60_000, 300_000));
    }

    /** The manager's data dir that is not {@code dir} (it has two). */
    private Path otherDir(Path dir) {
        return dir.equals(tmp.resolve("data1")) ? tmp.resolve("data2") : tmp.resolve("data1");
    }

    private static Map<String, byte[]> segments(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    @Test
    void aMovedLogHasTheSameSegmentsOffsetsAndHighWatermarkInTheOtherDirAndTheOldOneIsDeleted() throws Exception {
        TopicPartition tp = new TopicPartition("t", 0);
        try (LogManager manager = manager()) {
            manager.startup();
            Log log = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(3, 50), 0);
            }
            log.updateHighWatermark(12);
            Path from = log.dir().getParent();
            Path to = otherDir(from);
            Map<String, byte[]> before = segments(log.dir());

            Log moved = manager.moveLog(tp, to, LogConfig.DEFAULT, 0);

            assertEquals(to.resolve(tp.dirName()), moved.dir());
            assertSame(moved, manager.getLog(tp).orElseThrow());
            assertEquals(15, moved.logEndOffset());
            assertEquals(12, moved.highWatermark());
            Map<String, byte[]> after = segments(moved.dir());
            assertEquals(before.keySet(), after.keySet());
            before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
            assertFalse(Files.exists(from.resolve(tp.dirName())));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (var left = Files.list(from)) {
                    return left.noneMatch(f -> f.getFileName().toString().startsWith(tp.dirName()));
                }
            });
            assertSame(moved, manager.moveLog(tp, to, LogConfig.DEFAULT, 0), "already there: nothing moves");
            assertThrows(IOException.class, () -> manager.moveLog(tp, tmp.resolve("elsewhere"), LogConfig.DEFAULT, 0));
        }
        try (LogManager manager = manager()) {
            manager.startup();
            assertEquals(15, manager.getLog(tp).orElseThrow().logEndOffset(), "found in its new dir at restart");
        }
    }

    @Test
    void aMovedLogKeepsItsAbortedTransactions() throws Exception {
        TopicPartition tp = new TopicPartition("t", 0);
        try (LogManager manager = manager()) {
            manager.startup();
            Log log = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            for (int i = 0; i < 5; i++) {
                log.appendAsLeader(batch(3, 50), 0);
            }
            io.gregor.core.index.AbortedTxn txn = new io.gregor.core.index.AbortedTxn(9L, 3L, 8L, 9L);
            log.recordAbortedTxn(txn);
            Path from = log.dir().getParent();
            Path to = otherDir(from);

            Log moved = manager.moveLog(tp, to, LogConfig.DEFAULT, 0);

            assertEquals(List.of(txn), moved.collectAbortedTransactions(0L, 15L));
        }
        try (LogManager manager = manager()) {
            manager.startup();
            assertEquals(1, manager.getLog(tp).orElseThrow().collectAbortedTransactions(0L, 15L).size(),
                    "the .txnindex is in the new dir");
        }
    }

    @Test
    void aFutureLogFilledWhileTheCurrentLogTakesAppendsReplacesItWithEveryBatchAndEpoch() throws Exception {
        TopicPartition tp = new TopicPartition("t", 2);
        try (LogManager manager = manager()) {
            manager.startup();
            Log current = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            current.appendAsLeader(batch(3, 50), 0);
            current.leaderEpochCache().assign(1, 3);
            current.appendAsLeader(batch(2, 50), 1);
            Path dest = otherDir(current.dir().getParent());

            Log future = manager.createFutureLog(tp, dest, LogConfig.DEFAULT);
            assertTrue(future.dir().getFileName().toString().matches("t-2\\.[0-9a-f]{32}-future"), future.dir().toString());
            assertEquals(Map.of(tp, future), manager.futureLogs());
            assertTrue(manager.catchUpFutureLog(tp, future) > 0);
            assertEquals(5, future.logEndOffset());
            current.leaderEpochCache().assign(2, 5); // a new leader epoch, no batch yet
            current.appendAsLeader(batch(4, 50), 2); // appended while the copy ran
            current.updateHighWatermark(9);

            Log moved = manager.replaceCurrentWithFutureLog(tp, future, 0);
            assertEquals(dest.resolve(tp.dirName()), moved.dir());
            assertEquals(9, moved.logEndOffset());
            assertEquals(9, moved.highWatermark());
            assertEquals(current.leaderEpochCache().entries(), moved.leaderEpochCache().entries());
            assertEquals(Map.of(), manager.futureLogs());
            assertSame(moved, manager.getLog(tp).orElseThrow());
        }
    }

    @Test
    void anAbandonedFutureLogIsDeletedAndTheCurrentLogStays() throws Exception {
        TopicPartition tp = new TopicPartition("t", 3);
        try (LogManager manager = manager()) {
            manager.startup();
            Log current = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            current.appendAsLeader(batch(3, 50), 0);
            Path dest = otherDir(current.dir().getParent());
            Log future = manager.createFutureLog(tp, dest, LogConfig.DEFAULT);
            manager.catchUpFutureLog(tp, future);
            manager.abandonFutureLog(tp, future);
            assertFalse(Files.exists(future.dir()));
            assertEquals(Map.of(), manager.futureLogs());
            assertSame(current, manager.getLog(tp).orElseThrow());
            assertEquals(3, current.logEndOffset());
        }
    }

    @Test
    void anUnfinishedMoveIsResumedAfterARestartFromWhereItsFutureLogEnded() throws Exception {
        TopicPartition tp = new TopicPartition("t", 4);
        Path dest;
        try (LogManager manager = manager()) {
            manager.startup();
            Log current = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            for (int i = 0; i < 10; i++) {
                current.appendAsLeader(batch(2, 100), 0);
            }
            dest = otherDir(current.dir().getParent());
            Log future = manager.createFutureLog(tp, dest, LogConfig.DEFAULT);
            long copied = manager.catchUpFutureLog(tp, future, 1);
            assertTrue(copied > 0 && future.logEndOffset() == 2, "one batch copied: " + future);
        } // the broker stops mid-move
        try (LogManager manager = manager()) {
            manager.startup();
            Log future = manager.futureLogs().get(tp);
            assertEquals(dest, future.dir().getParent(), "the future log is loaded, not deleted");
            assertEquals(2, future.logEndOffset());
            Log current = manager.getLog(tp).orElseThrow();
            assertEquals(20, current.logEndOffset());
            Map<String, byte[]> before = segments(current.dir());

            manager.reconcileFutureLog(tp, future);
            assertEquals(2, future.logEndOffset(), "the copy agrees with the current log: kept");
            manager.catchUpFutureLog(tp, future);
            Log moved = manager.replaceCurrentWithFutureLog(tp, future, 0);

            assertEquals(dest.resolve(tp.dirName()), moved.dir());
            Map<String, byte[]> after = segments(moved.dir());
            before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        }
    }

    @Test
    void aResumedFutureLogIsTruncatedWhereTheCurrentLogWasTruncatedAfterTheCopy() throws Exception {
        TopicPartition tp = new TopicPartition("t", 5);
        try (LogManager manager = manager()) {
            manager.startup();
            Log current = manager.getOrCreateLog(tp, LogConfig.DEFAULT);
            current.appendAsLeader(batch(3, 50), 0);
            current.appendAsLeader(batch(3, 50), 0);
            Path dest = otherDir(current.dir().getParent());
            Log future = manager.createFutureLog(tp, dest, LogConfig.DEFAULT);
            manager.catchUpFutureLog(tp, future);
            assertEquals(6, future.logEndOffset());
            current.truncateTo(3); // as a follower truncates to its new leader
            current.leaderEpochCache().assign(1, 3);
            current.appendAsLeader(batch(1, 50), 1);

            manager.reconcileFutureLog(tp, future);
            assertEquals(3, future.logEndOffset(), "offsets 3-5 of epoch 0 are no longer in the current log");
            manager.catchUpFutureLog(tp, future);
            Log moved = manager.replaceCurrentWithFutureLog(tp, future, 0);
            assertEquals(4, moved.logEndOffset());
            assertEquals(current.leaderEpochCache().entries(), moved.leaderEpochCache().entries());
        }
    }

    @Test
    void aFutureLogWithoutACurrentLogIsDeletedAtStartupAndAPreferredDirIsUsedForANewLog() throws Exception {
        TopicPartition tp = new TopicPartition("t", 1);
        Path data2 = tmp.resolve("data2");
        Path orphan = data2.resolve(tp.dirName() + ".0123456789abcdef0123456789abcdef-future");
        Files.createDirectories(orphan);
        try (LogManager manager = manager()) {
            manager.startup();
            assertFalse(Files.exists(orphan));
            assertEquals(Map.of(), manager.futureLogs());
            manager.setPreferredLogDir(tp, data2);
            manager.getOrCreateLog(new TopicPartition("other", 0), LogConfig.DEFAULT); // data1 holds 1, data2 none
            manager.getOrCreateLog(new TopicPartition("other", 1), LogConfig.DEFAULT); // now one each
            assertEquals(data2, manager.getOrCreateLog(tp, LogConfig.DEFAULT).dir().getParent());
            assertTrue(Files.isDirectory(data2.resolve(tp.dirName())));
        }
    }
}
