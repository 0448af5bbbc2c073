package io.gregor.bench;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
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
 * The generic schema-driven codec against Kafka's generated code on the same message: a Metadata
 * response v12 with 200 topics of 4 partitions (about 40 KB), decoded and encoded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ProtocolCodecBenchmark {
    private static final short VERSION = 12;

    private MessageSpec spec;
    private Struct gregorMessage;
    private MetadataResponseData kafkaMessage;
    private ByteBuffer encoded;

    @Setup
    public void setup() {
        spec = ApiMessages.response(ApiKey.METADATA);
        gregorMessage = spec.newStruct().set("ClusterId", "cluster-1").set("ControllerId", 1);
        for (int b = 0; b < 3; b++) {
            gregorMessage.addElement("Brokers").set("NodeId", b).set("Host", "broker-" + b + ".example").set("Port", 9092);
        }
        for (int t = 0; t < 200; t++) {
            Struct topic = gregorMessage.addElement("Topics")
                    .set("Name", "topic-" + t).set("TopicId", new UUID(t, t * 31L));
            for (int p = 0; p < 4; p++) {
                topic.addElement("Partitions").set("PartitionIndex", p).set("LeaderId", p % 3).set("LeaderEpoch", 5)
                        .set("ReplicaNodes", List.of(0, 1, 2)).set("IsrNodes", List.of(0, 1, 2));
            }
        }
        encoded = MessageCodec.writeToBuffer(spec, gregorMessage, VERSION);
        kafkaMessage = new MetadataResponseData();
        kafkaMessage.read(new ByteBufferAccessor(encoded.duplicate()), VERSION);
    }

    @Benchmark
    public Struct gregorDecode() {
        return MessageCodec.read(encoded.duplicate(), spec, VERSION);
    }

    @Benchmark
    public MetadataResponseData kafkaDecode() {
        MetadataResponseData data = new MetadataResponseData();
        data.read(new ByteBufferAccessor(encoded.duplicate()), VERSION);
        return data;
    }

    @Benchmark
    public EncodedMessage gregorEncode() {
        return MessageCodec.write(spec, gregorMessage, VERSION);
    }

    @Benchmark
    public ByteBuffer kafkaEncode() {
        return MessageUtil.toByteBuffer(kafkaMessage, VERSION);
    }
}
