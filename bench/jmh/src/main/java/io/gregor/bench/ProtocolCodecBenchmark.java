package io.gregor.bench;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Brokers;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics.Partitions;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
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
 * response v12 with 200 topics of 4 partitions (about 40 KB), decoded and encoded, built field by
 * field as a handler answers, and decoded and read field by field as a client reads an answer (the
 * last two measure field access: typed handles, where Kafka has generated accessors).
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
        gregorMessage = gregorBuild();
        encoded = MessageCodec.writeToBuffer(spec, gregorMessage, VERSION);
        kafkaMessage = new MetadataResponseData();
        kafkaMessage.read(new ByteBufferAccessor(encoded.duplicate()), VERSION);
    }

    @Benchmark
    public Struct gregorDecode() {
        return MessageCodec.read(encoded.duplicate(), spec, VERSION);
    }

    /** Builds the message field by field: what a handler does to answer. */
    @Benchmark
    public Struct gregorBuild() {
        Struct message = spec.newStruct().set(MetadataResponse.CLUSTER_ID, "cluster-1")
                .set(MetadataResponse.CONTROLLER_ID, 1);
        for (int b = 0; b < 3; b++) {
            message.addElement(MetadataResponse.BROKERS).set(Brokers.NODE_ID, b)
                    .set(Brokers.HOST, "broker-" + b + ".example").set(Brokers.PORT, 9092);
        }
        for (int t = 0; t < 200; t++) {
            Struct topic = message.addElement(MetadataResponse.TOPICS)
                    .set(Topics.NAME, "topic-" + t).set(Topics.TOPIC_ID, new UUID(t, t * 31L));
            for (int p = 0; p < 4; p++) {
                topic.addElement(Topics.PARTITIONS).set(Partitions.PARTITION_INDEX, p).set(Partitions.LEADER_ID, p % 3)
                        .set(Partitions.LEADER_EPOCH, 5).set(Partitions.REPLICA_NODES, List.of(0, 1, 2))
                        .set(Partitions.ISR_NODES, List.of(0, 1, 2));
            }
        }
        return message;
    }

    /** Decodes the message and reads a few fields of every partition: what a client does with an answer. */
    @Benchmark
    public long gregorDecodeAndRead() {
        Struct message = MessageCodec.read(encoded.duplicate(), spec, VERSION);
        long sum = message.getInt(MetadataResponse.CONTROLLER_ID);
        for (Struct topic : message.getStructs(MetadataResponse.TOPICS)) {
            sum += topic.getString(Topics.NAME).length() + topic.getUuid(Topics.TOPIC_ID).getLeastSignificantBits();
            for (Struct p : topic.getStructs(Topics.PARTITIONS)) {
                sum += p.getInt(Partitions.PARTITION_INDEX) + p.getInt(Partitions.LEADER_ID) + p.getInt(Partitions.LEADER_EPOCH)
                        + p.getShort(Partitions.ERROR_CODE) + p.getArray(Partitions.ISR_NODES).size();
            }
        }
        return sum;
    }

    @Benchmark
    public MetadataResponseData kafkaBuild() {
        MetadataResponseData message = new MetadataResponseData().setClusterId("cluster-1").setControllerId(1);
        for (int b = 0; b < 3; b++) {
            message.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                    .setNodeId(b).setHost("broker-" + b + ".example").setPort(9092));
        }
        for (int t = 0; t < 200; t++) {
            MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic()
                    .setName("topic-" + t).setTopicId(new Uuid(t, t * 31L));
            message.topics().add(topic);
            for (int p = 0; p < 4; p++) {
                topic.partitions().add(new MetadataResponseData.MetadataResponsePartition()
                        .setPartitionIndex(p).setLeaderId(p % 3).setLeaderEpoch(5)
                        .setReplicaNodes(List.of(0, 1, 2)).setIsrNodes(List.of(0, 1, 2)));
            }
        }
        return message;
    }

    @Benchmark
    public long kafkaDecodeAndRead() {
        MetadataResponseData message = kafkaDecode();
        long sum = message.controllerId();
        for (MetadataResponseData.MetadataResponseTopic topic : message.topics()) {
            sum += topic.name().length() + topic.topicId().getLeastSignificantBits();
            for (MetadataResponseData.MetadataResponsePartition p : topic.partitions()) {
                sum += p.partitionIndex() + p.leaderId() + p.leaderEpoch() + p.errorCode() + p.isrNodes().size();
            }
        }
        return sum;
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
