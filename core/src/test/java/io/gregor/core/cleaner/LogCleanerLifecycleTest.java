package io.gregor.core.cleaner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cleaner's threads are started once: never a second, orphaned set. */
class LogCleanerLifecycleTest {
    @TempDir
    Path dir;

    private static long cleanerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("gregor-log-cleaner-")).count();
    }

    @Test
    void aSecondStartupIsRefusedAndAStartupAfterShutdownToo() throws Exception {
        long before = cleanerThreads();
        LogCleaner cleaner = new LogCleaner(List.of(dir), 2, 60_000L, List::of, System::currentTimeMillis);
        cleaner.startup();
        await().atMost(Duration.ofSeconds(10)).until(() -> cleanerThreads() == before + 2);
        assertEquals("Log cleaner cannot be started more than once",
                assertThrows(IllegalStateException.class, cleaner::startup).getMessage());
        assertEquals(before + 2, cleanerThreads(), "no second set of threads");

        cleaner.shutdown();
        cleaner.shutdown(); // a second shutdown does nothing
        await().atMost(Duration.ofSeconds(10)).until(() -> cleanerThreads() == before);
        assertEquals("Log cleaner cannot be started after it was closed",
                assertThrows(IllegalStateException.class, cleaner::startup).getMessage());
        assertEquals(before, cleanerThreads());
    }

    @Test
    void reconfiguringRestartsTheThreadsWithTheNewCount() throws Exception {
        long before = cleanerThreads();
        LogCleaner cleaner = new LogCleaner(List.of(dir), 1, 60_000L, List::of, System::currentTimeMillis);
        cleaner.startup();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> cleanerThreads() == before + 1);
            cleaner.reconfigure(CleanerConfig.DEFAULT.withThreads(2, 1_000L));
            await().atMost(Duration.ofSeconds(10)).until(() -> cleanerThreads() == before + 2);
            assertEquals(2, cleaner.config().threads());
            cleaner.reconfigure(CleanerConfig.DEFAULT.withThreads(1, 1_000L));
            await().atMost(Duration.ofSeconds(10)).until(() -> cleanerThreads() == before + 1);
        } finally {
            cleaner.shutdown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> cleanerThreads() == before);
    }

    @Test
    void aPassHeldByAVeryLowIoRateEndsAtShutdownLeavingTheLogAsItWas() throws Exception {
        io.gregor.core.log.LogConfig config = CompactionFixture.compacted(2048);
        try (io.gregor.core.log.Log log = io.gregor.core.log.Log.open(dir.resolve("slow-0"), config, 0L, 0L, true,
                System::currentTimeMillis, null)) {
            for (int v = 0; v < 20; v++) {
                log.appendAsLeader(CompactionFixture.batch(System.currentTimeMillis(), "v" + v, "a", "b", "c"), 0);
            }
            log.roll();
            List<CompactionFixture.KeyedRecord> before = CompactionFixture.readRecords(log);
            LogCleaner cleaner = new LogCleaner(List.of(dir), new CleanerConfig(1, 60_000L, 1.0, 1 << 20, 0.9),
                    () -> List.of(log), System::currentTimeMillis);
            cleaner.startup();
            await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().entrySet().stream()
                    .anyMatch(e -> e.getKey().getName().startsWith("gregor-log-cleaner-") && java.util.Arrays
                            .stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("maybeThrottle"))));
            long start = System.nanoTime();
            cleaner.shutdown(); // at 1 byte/s the pass would take hours
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "shutdown waited for the pass");
            assertEquals(before, CompactionFixture.readRecords(log));
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("slow-0"))) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(io.gregor.core.log.LogSegment.CLEANED_SUFFIX)));
            }
        }
    }
}
