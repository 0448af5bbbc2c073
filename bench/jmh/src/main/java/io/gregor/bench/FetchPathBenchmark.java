package io.gregor.bench;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.FetchParams;
import io.gregor.replication.FetchPartitionRequest;
import io.gregor.replication.FetchPartitionResult;
import io.gregor.replication.LeaderAndIsrPartitionState;
import io.gregor.replication.ReplicaManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
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
 * The broker's consumer fetch path below the handler: {@code ReplicaManager.fetchMessages} for one
 * partition at a random offset below the high watermark, 1 MiB at most, no wait (leader-epoch check,
 * the high watermark and last stable offset, the log's file slice). Records are not copied: the
 * result is the slice the network layer would send with zero copy. {@code readCommitted} adds the
 * last-stable-offset bound and the aborted-transaction search (none here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FetchPathBenchmark {
    private static final TopicPartition TP = new TopicPartition("bench", 0);
    private static final int BATCHES = 20_000;

    @Param({"1024"})
    public int batchSize;

    @Param({"false"})
    public boolean readCommitted;

    private Path root;
    private ScheduledExecutorService scheduler;
    private LogManager logManager;
    private ReplicaManager replicaManager;
    private long logEnd;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        root = Files.createTempDirectory("gregor-fetch-bench");
        LogConfig config = LogBenchmarkSupport.appendConfig();
        logManager = new LogManager(new LogManagerConfig(List.of(root), 0, "bench", config, 1, 60_000L, 300_000L),
                topic -> config, System::currentTimeMillis);
        logManager.startup();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        replicaManager = new ReplicaManager(0, logManager, topic -> config, topic -> 1, scheduler);
        replicaManager.becomeLeaderOrFollower(1, List.of(new LeaderAndIsrPartitionState(TP, 1, 0, 0, List.of(0), 0,
                List.of(0), true)), Map.of());
        int records = Math.max(1, batchSize / 100);
        byte[] value = new byte[Math.max(0, batchSize / records - 20)];
        for (int n = 0; n < BATCHES; n++) {
            MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0,
                    RecordBatch.NO_TIMESTAMP, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                    RecordBatch.NO_SEQUENCE, false, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
            for (int i = 0; i < records; i++) {
                b.append(System.currentTimeMillis(), null, value);
            }
            MemoryRecords batch = b.build();
            replicaManager.appendRecords(30_000, (short) 1, Map.of(TP, batch)).get();
        }
        logEnd = logManager.getLog(TP).orElseThrow().logEndOffset();
    }

    @Benchmark
    public FetchPartitionResult fetch() throws Exception {
        long offset = ThreadLocalRandom.current().nextLong(logEnd);
        FetchParams params = new FetchParams(-1, -1L, 0L, 1, 1 << 20, readCommitted);
        return replicaManager.fetchMessages(params, List.of(new FetchPartitionRequest(TP, offset, 1 << 20, -1)))
                .get().get(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        logManager.shutdown();
        scheduler.shutdownNow();
        LogBenchmarkSupport.deleteTree(root);
    }
}
