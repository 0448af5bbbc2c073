package io.gregor.bench;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.log.FetchDataInfo;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
 * Fetch-style reads of up to 1 MiB at random offsets of a 128 MiB log held in the page cache:
 * {@code readSlice} only locates the data (index lookup, header scan, slice), {@code readAndTransfer}
 * also sends the slice with {@code FileChannel.transferTo} to {@code /dev/null} (sendfile, no heap
 * copy), the way the network layer sends a fetch. The {@code bytes} counter is fetched bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class LogReadBenchmark {
    @Param({"1024", "16384"})
    public int batchSize;

    private static final int MAX_BYTES = 1 << 20;

    private Path root;
    private Log log;
    private FileChannel devNull;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        root = Files.createTempDirectory("gregor-read-bench");
        log = Log.open(root.resolve("bench-0"),
                LogConfig.fromMap(Map.of(LogConfig.SEGMENT_BYTES, Integer.toString(32 << 20))));
        ByteBuffer batch = LogBenchmarkSupport.batch(batchSize, Math.max(1, batchSize / 100), System.currentTimeMillis());
        long total = 128L << 20;
        for (long written = 0; written < total; written += batchSize) {
            log.appendAsLeader(MemoryRecords.readableRecords(batch.duplicate()), 0);
        }
        log.flush();
        devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
    }

    private long randomOffset() {
        return ThreadLocalRandom.current().nextLong(log.logEndOffset());
    }

    @Benchmark
    public FetchDataInfo readSlice(Counters counters) {
        FetchDataInfo info = log.read(randomOffset(), MAX_BYTES, log.logEndOffset(), true);
        counters.bytes += info.records().sizeInBytes();
        return info;
    }

    @Benchmark
    public long readAndTransfer(Counters counters) throws IOException {
        FetchDataInfo info = log.read(randomOffset(), MAX_BYTES, log.logEndOffset(), true);
        int size = info.records().sizeInBytes();
        long sent = 0;
        while (sent < size) {
            sent += info.records().writeTo(devNull, sent, (int) (size - sent));
        }
        counters.bytes += sent;
        return sent;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        devNull.close();
        log.close();
        LogBenchmarkSupport.deleteTree(root);
    }
}
