package io.gregor.bench;

import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.LeaderAndIsrPartitionState;
import io.gregor.replication.ReplicaManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A broker applying one LeaderAndIsr request that moves every partition of a topic to a new
 * leader epoch, half of them led by this broker: what a surviving broker does after a failover
 * (leader epoch checkpoints written durably, leadership switched, waiting requests woken). The
 * time per operation is the time the last partition of the request waits for its new leader.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeaderAndIsrBenchmark {
    @Param({"1000"})
    public int partitions;

    private Path root;
    private LogManager logManager;
    private ReplicaManager replicaManager;
    private ScheduledExecutorService scheduler;
    private int leaderEpoch;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        root = Files.createTempDirectory("gregor-leader-and-isr-bench");
        scheduler = Executors.newSingleThreadScheduledExecutor();
        logManager = new LogManager(LogManagerConfig.defaults(List.of(root), 0, "bench"));
        logManager.startup();
        replicaManager = new ReplicaManager(0, logManager, topic -> LogConfig.DEFAULT, topic -> 2, scheduler);
        replicaManager.becomeLeaderOrFollower(1, states(), Map.of());
    }

    private List<LeaderAndIsrPartitionState> states() {
        List<LeaderAndIsrPartitionState> states = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            int leader = p % 2 == 0 ? 0 : 1;
            states.add(new LeaderAndIsrPartitionState(new TopicPartition("bench", p), 1, leader, leaderEpoch,
                    List.of(0, 1), leaderEpoch, List.of(0, 1, 2), false));
        }
        return states;
    }

    @Benchmark
    public ReplicaManager.StateChangeResult newLeaderEpochForEveryPartition() {
        leaderEpoch++;
        return replicaManager.becomeLeaderOrFollower(1, states(), Map.of());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        replicaManager.shutdown();
        logManager.shutdown();
        scheduler.shutdownNow();
        LogBenchmarkSupport.deleteTree(root);
    }
}
