package io.gregor.core.cleaner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
