package io.gregor.replication;

import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A LeaderAndIsr request for many partitions reads each topic's config once (a ZooKeeper round trip
 * per read in a broker): failover of a 1,000-partition topic must not wait for 1,000 reads of the same
 * znode. Each partition still gets its own topic's settings.
 */
class TopicSettingsPerRequestTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, AtomicInteger> logConfigReads = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> minIsrReads = new ConcurrentHashMap<>();
    private LogManager logManager;
    private ReplicaManager replicaManager;

    @BeforeEach
    void start() throws Exception {
        logManager = new LogManager(LogManagerConfig.defaults(List.of(dir), 0, "c"));
        logManager.startup();
        replicaManager = new ReplicaManager(0, logManager,
                topic -> {
                    logConfigReads.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
                    return LogConfig.DEFAULT.with(Map.of("segment.bytes", topic.equals("a") ? "1048576" : "2097152"));
                },
                topic -> {
                    minIsrReads.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
                    return topic.equals("a") ? 2 : 3;
                },
                scheduler);
    }

    @AfterEach
    void stop() throws Exception {
        replicaManager.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private static List<LeaderAndIsrPartitionState> states(int leaderEpoch) {
        List<LeaderAndIsrPartitionState> states = new ArrayList<>();
        for (String topic : List.of("a", "b")) {
            for (int p = 0; p < 200; p++) {
                states.add(new LeaderAndIsrPartitionState(new TopicPartition(topic, p), 1, 0, leaderEpoch,
                        List.of(0, 1, 2), 0, List.of(0, 1, 2), false));
            }
        }
        return states;
    }

    @Test
    void eachTopicConfigIsReadOncePerRequestAndAppliedToEveryPartition() {
        replicaManager.becomeLeaderOrFollower(1, states(0), Map.of());
        assertEquals(1, logConfigReads.get("a").get());
        assertEquals(1, logConfigReads.get("b").get());
        assertEquals(1, minIsrReads.get("a").get());
        assertEquals(1, minIsrReads.get("b").get());

        for (int p = 0; p < 200; p++) {
            Partition a = replicaManager.partition(new TopicPartition("a", p)).orElseThrow();
            Partition b = replicaManager.partition(new TopicPartition("b", p)).orElseThrow();
            assertEquals(2, a.minInsyncReplicas());
            assertEquals(3, b.minInsyncReplicas());
            assertEquals(1048576, a.log().config().segmentBytes());
            assertEquals(2097152, b.log().config().segmentBytes());
        }

        // the next request (a new leader epoch) reads again, so a changed config is seen
        replicaManager.becomeLeaderOrFollower(1, states(1), Map.of());
        assertEquals(2, minIsrReads.get("a").get());
        assertEquals(2, minIsrReads.get("b").get());
        assertEquals(1, logConfigReads.get("a").get(), "logs exist now: no log config is needed");
    }
}
