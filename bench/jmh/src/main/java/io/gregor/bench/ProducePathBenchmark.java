package io.gregor.bench;

import io.gregor.clients.record.Compression;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.LogManagerConfig;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.LeaderAndIsrPartitionState;
import io.gregor.replication.ProducePartitionResult;
import io.gregor.replication.ReplicaManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The broker's produce path below the handler: {@code ReplicaManager.appendRecords} with acks=1
 * for one uncompressed batch (single-batch check, record walk of {@code BatchValidator}, producer
 * sequence check for idempotent batches, leader append, high-watermark update, purgatory wake-ups).
 * Compare with {@link LogAppendBenchmark}, the bare log append. Idempotent batches get the next
 * sequence each time, so none is a duplicate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ProducePathBenchmark {
    private static final TopicPartition TP = new TopicPartition("bench", 0);

    @Param({"1024", "16384"})
    public int batchSize;

    @Param({"false", "true"})
    public boolean idempotent;

    private Path root;
    private ScheduledExecutorService scheduler;
    private LogManager logManager;
    private ReplicaManager replicaManager;
    private Log log;
    private ByteBuffer template;
    private int records;
    private int sequence;
    private long appends;

    /** Appended bytes, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        root = Files.createTempDirectory("gregor-produce-bench");
        LogConfig config = LogBenchmarkSupport.appendConfig();
        logManager = new LogManager(new LogManagerConfig(List.of(root), 0, "bench", config, 1, 60_000L, 300_000L),
                topic -> config, System::currentTimeMillis);
        logManager.startup();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        replicaManager = new ReplicaManager(0, logManager, topic -> config, topic -> 1, scheduler);
        replicaManager.becomeLeaderOrFollower(1, List.of(new LeaderAndIsrPartitionState(TP, 1, 0, 0, List.of(0), 0,
                List.of(0), true)), Map.of());
        log = logManager.getLog(TP).orElseThrow();
        records = Math.max(1, batchSize / 100);
        byte[] value = new byte[Math.max(0, batchSize / records - 20)];
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.NONE, TimestampType.CREATE_TIME, 0,
                RecordBatch.NO_TIMESTAMP, idempotent ? 1000L : RecordBatch.NO_PRODUCER_ID, (short) (idempotent ? 0 : -1),
                idempotent ? 0 : RecordBatch.NO_SEQUENCE, false, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < records; i++) {
            b.append(System.currentTimeMillis(), null, value);
        }
        template = b.build().buffer();
    }

    @Benchmark
    public ProducePartitionResult produce(Counters counters) throws Exception {
        ByteBuffer copy = ByteBuffer.allocate(template.remaining()).put(template.duplicate()).flip();
        MemoryRecords batch = MemoryRecords.readableRecords(copy);
        if (idempotent) {
            RecordBatch header = batch.batches().iterator().next();
            copy.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, sequence);
            copy.putInt(RecordBatch.CRC_OFFSET, (int) header.computeChecksum());
            sequence += records;
        }
        ProducePartitionResult result = replicaManager.appendRecords(30_000, (short) 1, Map.of(TP, batch))
                .get().get(TP);
        counters.bytes += copy.limit();
        if (++appends % 4096 == 0) {
            log.deleteOldSegments();
        }
        return result;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        logManager.shutdown();
        scheduler.shutdownNow();
        LogBenchmarkSupport.deleteTree(root);
    }
}
