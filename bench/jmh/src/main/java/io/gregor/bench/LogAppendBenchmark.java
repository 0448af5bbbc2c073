package io.gregor.bench;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Leader appends of one pre-built uncompressed batch (CRC check, offset assignment, write to the
 * page cache, sparse index upkeep, segment rolls at 64 MiB; no fsync per append). Retention keeps
 * the log under ~256 MiB, so deleting old segments is part of the amortized cost. The
 * {@code bytes} counter is appended bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LogAppendBenchmark {
    @Param({"1024", "16384"})
    public int batchSize;

    private Path root;
    private Log log;
    private ByteBuffer batch;
    private long appends;

    /** Appended bytes, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        root = Files.createTempDirectory("gregor-append-bench");
        LogConfig config = LogBenchmarkSupport.appendConfig();
        log = Log.open(root.resolve("bench-0"), config);
        batch = LogBenchmarkSupport.batch(batchSize, Math.max(1, batchSize / 100), System.currentTimeMillis());
    }

    @Benchmark
    public long append(Counters counters) throws IOException {
        long last = log.appendAsLeader(MemoryRecords.readableRecords(batch.duplicate()), 0).lastOffset();
        counters.bytes += batchSize;
        if (++appends % 4096 == 0) {
            log.deleteOldSegments();
        }
        return last;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        LogBenchmarkSupport.deleteTree(root);
    }
}
