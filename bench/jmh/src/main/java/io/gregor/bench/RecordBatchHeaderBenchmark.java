package io.gregor.bench;

import io.gregor.clients.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CRC check of an uncompressed batch through the header view: the floor under any produce-path
 * validation. Bytes per op = batch size, so MB/s = ops/s * size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RecordBatchHeaderBenchmark {
    @Param({"1024", "16384"})
    public int batchSize;

    private ByteBuffer batch;

    @Setup
    public void setup() {
        batch = LogBenchmarkSupport.batch(batchSize, 1, System.currentTimeMillis());
    }

    @Benchmark
    public boolean crcCheck() {
        return new RecordBatch(batch.duplicate()).isValid();
    }
}
