package io.gregor.bench;

import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.producer.Murmur2;
import io.gregor.clients.producer.ProducerBatch;
import io.gregor.clients.producer.RecordAccumulator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The producer's per-record work before the network: key hashing (Gregor's murmur2 beside
 * Kafka's) and appending 100-byte records to per-partition batches, draining each full batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ProducerPathBenchmark {
    private final byte[][] keys = new byte[1024][];
    private final byte[] value = new byte[100];
    private final TopicPartition[] partitions = new TopicPartition[8];
    private RecordAccumulator accumulator;
    private int i;

    @Setup
    public void setup() {
        for (int k = 0; k < keys.length; k++) {
            keys[k] = ("order-" + ThreadLocalRandom.current().nextLong()).getBytes();
        }
        for (int p = 0; p < partitions.length; p++) {
            partitions[p] = new TopicPartition("bench", p);
        }
        accumulator = new RecordAccumulator(16384, 5, 100);
    }

    @Benchmark
    public int gregorMurmur2Partition() {
        return Murmur2.partitionForKey(keys[i++ & 1023], 12);
    }

    @Benchmark
    public int kafkaMurmur2Partition() {
        return (Utils.murmur2(keys[i++ & 1023]) & 0x7fffffff) % 12;
    }

    @Benchmark
    public Object appendKeyedRecord() {
        byte[] key = keys[i++ & 1023];
        TopicPartition tp = partitions[Murmur2.partitionForKey(key, partitions.length)];
        RecordAccumulator.AppendResult r = accumulator.append(tp, 0L, key, value, List.of(), null, 0L);
        if (r.batchFull()) {
            ProducerBatch full = accumulator.drain(tp);
            accumulator.deallocate(full);
        }
        return r.future();
    }
}
