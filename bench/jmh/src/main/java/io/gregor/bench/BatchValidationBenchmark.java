package io.gregor.bench;

import io.gregor.clients.record.BatchValidator;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.MemoryRecordsBuilder;
import io.gregor.clients.record.RecordBatch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
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
 * Produce-path validation of one batch ({@link BatchValidator#validateForProduce}): CRC, header
 * checks and the walk over every record, decompressing for lz4/zstd. Inputs come from
 * {@link MemoryRecordsBuilder}: 100-byte text-like values with 8-byte keys, filled up to
 * {@code uncompressedSize} bytes of batch before compression. MB/s of record data = ops/s x
 * uncompressedSize / 2^20; the setup line prints the size on the wire too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class BatchValidationBenchmark {
    @Param({"NONE:1024", "NONE:16384", "LZ4:16384", "ZSTD:16384"})
    public String codecAndSize;

    private ByteBuffer batch;

    @Setup
    public void setup() {
        String[] parts = codecAndSize.split(":");
        CompressionType type = CompressionType.valueOf(parts[0]);
        int uncompressedSize = Integer.parseInt(parts[1]);
        Random random = new Random(42);
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.of(type), 0);
        long timestamp = 1_700_000_000_000L;
        while (builder.uncompressedSizeInBytes() + 130 <= uncompressedSize) {
            byte[] key = new byte[8];
            random.nextBytes(key);
            byte[] value = new byte[100];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ('a' + (random.nextInt(4) == 0 ? random.nextInt(26) : i % 13));
            }
            builder.append(timestamp++, key, value, List.of());
        }
        batch = builder.build().buffer();
        System.out.println("\n" + codecAndSize + ": " + builder.numRecords() + " records, " + builder.uncompressedSizeInBytes()
                + " bytes uncompressed, " + batch.remaining() + " bytes on the wire");
    }

    @Benchmark
    public int validateForProduce() {
        return BatchValidator.validateForProduce(new RecordBatch(batch.duplicate())).recordCount();
    }
}
