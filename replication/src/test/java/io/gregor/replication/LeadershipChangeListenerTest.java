package io.gregor.replication;

import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listeners hear of every partition a LeaderAndIsr or StopReplica request named, after the change is applied. */
class LeadershipChangeListenerTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private LogManager logManager;
    private ReplicaManager replicaManager;
    private final TopicPartition tp = new TopicPartition("__consumer_offsets", 3);
    /** What the listener saw: the partition and whether this broker led it at that moment. */
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        logManager = new LogManager(LogManagerConfig.defaults(List.of(dir), 0, "c"));
        logManager.startup();
        replicaManager = new ReplicaManager(0, logManager, topic -> LogConfig.DEFAULT, topic -> 1, scheduler);
        replicaManager.addLeadershipChangeListener(changed -> seen.add(changed + ":"
                + replicaManager.partition(changed).map(p -> p.isLeader() ? "leader@" + p.leaderEpoch() : "follower")
                .orElse("gone")));
    }

    @AfterEach
    void stop() throws Exception {
        replicaManager.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
    }

    private LeaderAndIsrPartitionState state(int leader, int epoch) {
        return new LeaderAndIsrPartitionState(tp, 1, leader, epoch, List.of(0, 1), 0, List.of(0, 1), false);
    }

    @Test
    void listenersSeeBecomingLeaderThenFollowerThenStopped() {
        replicaManager.becomeLeaderOrFollower(1, List.of(state(0, 4)), Map.of());
        replicaManager.becomeLeaderOrFollower(1, List.of(state(1, 5)), Map.of());
        replicaManager.stopReplicas(1, List.of(new StopReplicaPartition(tp, 5, false)));
        assertEquals(List.of(tp + ":leader@4", tp + ":follower", tp + ":gone"), seen);
    }

    @Test
    void aFailingListenerDoesNotStopOthersOrTheStateChange() {
        List<TopicPartition> second = new ArrayList<>();
        replicaManager.addLeadershipChangeListener(changed -> {
            throw new IllegalStateException("listener bug");
        });
        replicaManager.addLeadershipChangeListener(second::add);
        ReplicaManager.StateChangeResult result = replicaManager.becomeLeaderOrFollower(1, List.of(state(0, 1)), Map.of());
        assertTrue(result.partitionErrors().values().stream().allMatch(e -> e == io.gregor.clients.protocol.Errors.NONE));
        assertEquals(List.of(tp), second);
        assertFalse(seen.isEmpty());
    }
}
