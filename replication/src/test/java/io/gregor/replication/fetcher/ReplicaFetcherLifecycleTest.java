package io.gregor.replication.fetcher;

import io.gregor.replication.ReplicationConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One fetcher runs one thread, started once. */
class ReplicaFetcherLifecycleTest {

    private static final String THREAD = "replica-fetcher-1-from-2-0";

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }

    private static ReplicaFetcher fetcher() {
        return new ReplicaFetcher(1, () -> 1L, 2, 0, ReplicationConfig.defaults(), id -> Optional.empty(),
                tp -> Optional.empty(), topic -> Optional.empty(), tp -> { },
                new io.gregor.replication.quota.ReplicationQuota(System::currentTimeMillis), new FetchSessionStats());
    }

    @Test
    void aSecondStartIsRefusedAndOneThreadRunsUntilShutdown() {
        ReplicaFetcher fetcher = fetcher();
        fetcher.start();
        assertEquals("Replica fetcher 0 of broker 1 from broker 2 cannot be started more than once",
                assertThrows(IllegalStateException.class, fetcher::start).getMessage());
        assertEquals(1, threadsNamed(THREAD));
        fetcher.shutdown();
        fetcher.shutdown(); // a second shutdown does nothing
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsNamed(THREAD) == 0);
        assertEquals("Replica fetcher 0 of broker 1 from broker 2 cannot be started after it was closed",
                assertThrows(IllegalStateException.class, fetcher::start).getMessage());
        assertEquals(0, threadsNamed(THREAD));
    }
}
