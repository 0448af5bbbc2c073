package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.ProtocolException;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ConsumerProtocolSchemas;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of the "consumer" protocol exactly as Kafka's consumer writes them: an int16 version,
 * then a ConsumerProtocolSubscription or ConsumerProtocolAssignment of that version. Newer versions
 * than Gregor knows are read as the newest known one (their extra fields come last), as Kafka does.
 */
public final class ConsumerProtocol {
    /** The protocol type in JoinGroup/SyncGroup. */
    public static final String PROTOCOL_TYPE = "consumer";
    public static final short LATEST_VERSION = 3;

    private ConsumerProtocol() {
    }

    public static ByteBuffer serializeSubscription(Subscription s) {
        return serializeSubscription(s, LATEST_VERSION);
    }

    public static ByteBuffer serializeSubscription(Subscription s, short version) {
        Struct struct = ConsumerProtocolSchemas.CONSUMER_PROTOCOL_SUBSCRIPTION.newStruct();
        struct.set("Topics", s.topics());
        struct.set("UserData", s.userData() == null ? null : s.userData().duplicate());
        addPartitions(struct, "OwnedPartitions", s.ownedPartitions());
        struct.set("GenerationId", s.generationId());
        struct.set("RackId", s.rackId());
        return withVersion(ConsumerProtocolSchemas.CONSUMER_PROTOCOL_SUBSCRIPTION, struct, version);
    }

    public static Subscription deserializeSubscription(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        Struct s = read(buf, ConsumerProtocolSchemas.CONSUMER_PROTOCOL_SUBSCRIPTION, "subscription");
        return new Subscription(s.getArray("Topics"), copy(s.getBytes("UserData")), partitions(s, "OwnedPartitions"),
                s.getInt("GenerationId"), s.getString("RackId"), null);
    }

    public static ByteBuffer serializeAssignment(Assignment a) {
        return serializeAssignment(a, LATEST_VERSION);
    }

    public static ByteBuffer serializeAssignment(Assignment a, short version) {
        Struct struct = ConsumerProtocolSchemas.CONSUMER_PROTOCOL_ASSIGNMENT.newStruct();
        addPartitions(struct, "AssignedPartitions", a.partitions());
        struct.set("UserData", a.userData() == null ? null : a.userData().duplicate());
        return withVersion(ConsumerProtocolSchemas.CONSUMER_PROTOCOL_ASSIGNMENT, struct, version);
    }

    /** An empty buffer (what a coordinator hands a member the leader gave nothing) reads as no partitions. */
    public static Assignment deserializeAssignment(ByteBuffer bytes) {
        if (bytes == null || !bytes.hasRemaining()) {
            return new Assignment(List.of());
        }
        Struct s = read(bytes.duplicate(), ConsumerProtocolSchemas.CONSUMER_PROTOCOL_ASSIGNMENT, "assignment");
        return new Assignment(partitions(s, "AssignedPartitions"), copy(s.getBytes("UserData")));
    }

    private static Struct read(ByteBuffer buf, MessageSpec spec, String what) {
        try {
            short version = buf.getShort();
            if (version < 0) {
                throw new ProtocolException("consumer protocol " + what + " has negative version " + version);
            }
            return MessageCodec.read(buf, spec, (short) Math.min(version, LATEST_VERSION));
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("consumer protocol " + what + " is truncated", e);
        }
    }

    private static ByteBuffer withVersion(MessageSpec spec, Struct struct, short version) {
        ByteBuffer body = MessageCodec.writeToBuffer(spec, struct, version);
        return ByteBuffer.allocate(2 + body.remaining()).putShort(version).put(body).flip();
    }

    /** Partitions grouped by topic in first-seen order, as Kafka groups them. */
    private static void addPartitions(Struct struct, String field, List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        byTopic.forEach((topic, ids) -> struct.addElement(field).set("Topic", topic).set("Partitions", ids));
    }

    private static List<TopicPartition> partitions(Struct s, String field) {
        List<TopicPartition> out = new ArrayList<>();
        for (Struct t : s.getStructs(field)) {
            for (Object p : t.getArray("Partitions")) {
                out.add(new TopicPartition(t.getString("Topic"), (Integer) p));
            }
        }
        return out;
    }

    private static ByteBuffer copy(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        ByteBuffer c = ByteBuffer.allocate(b.remaining()).put(b.duplicate());
        return c.flip();
    }
}
