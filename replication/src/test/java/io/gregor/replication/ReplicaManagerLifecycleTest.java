package io.gregor.replication;

import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A replica manager starts its ISR check once and never again after shutdown. */
class ReplicaManagerLifecycleTest {
    @TempDir
    Path dir;
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private LogManager logManager;
    private ReplicaManager replicaManager;

    @BeforeEach
    void start() throws Exception {
        scheduler.setRemoveOnCancelPolicy(true);
        logManager = new LogManager(LogManagerConfig.defaults(List.of(dir), 0, "c"));
        logManager.startup();
        replicaManager = new ReplicaManager(0, logManager, topic -> LogConfig.DEFAULT, topic -> 1, scheduler,
                ReplicationConfig.defaults(), id -> Optional.empty(), Optional::empty, () -> 1L, System::currentTimeMillis);
    }

    @AfterEach
    void stop() throws Exception {
        replicaManager.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void aSecondStartupIsRefusedAndOneIsrCheckStaysScheduled() {
        replicaManager.startup();
        assertEquals(1, scheduler.getQueue().size(), "the periodic ISR check");
        assertEquals("Replica manager cannot be started more than once",
                assertThrows(IllegalStateException.class, replicaManager::startup).getMessage());
        assertEquals(1, scheduler.getQueue().size());
    }

    @Test
    void startupAfterShutdownIsRefusedAndSchedulesNoIsrCheck() {
        replicaManager.startup();
        replicaManager.shutdown();
        replicaManager.shutdown(); // a second shutdown does nothing
        assertEquals(0, scheduler.getQueue().size());
        assertEquals("Replica manager cannot be started after it was closed",
                assertThrows(IllegalStateException.class, replicaManager::startup).getMessage());
        assertEquals(0, scheduler.getQueue().size(), "no ISR check proposing through a closed AlterPartition sender");
    }
}
