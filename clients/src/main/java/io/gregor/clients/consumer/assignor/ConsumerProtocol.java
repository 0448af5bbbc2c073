package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.ProtocolException;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment;
import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment.AssignedPartitions;
import io.gregor.clients.protocol.schemas.ConsumerProtocolSubscription;
import io.gregor.clients.protocol.schemas.ConsumerProtocolSubscription.OwnedPartitions;
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

    /** Topic-grouped partitions: where a subscription keeps its owned ones and an assignment its assigned ones. */
    private record PartitionList(Field<List<Struct>> array, Field<String> topic, Field<List<Integer>> partitions) {
    }

    private static final PartitionList OWNED = new PartitionList(ConsumerProtocolSubscription.OWNED_PARTITIONS,
            OwnedPartitions.TOPIC, OwnedPartitions.PARTITIONS);
    private static final PartitionList ASSIGNED = new PartitionList(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS,
            AssignedPartitions.TOPIC, AssignedPartitions.PARTITIONS);

    private ConsumerProtocol() {
    }

    public static ByteBuffer serializeSubscription(Subscription s) {
        return serializeSubscription(s, LATEST_VERSION);
    }

    public static ByteBuffer serializeSubscription(Subscription s, short version) {
        Struct struct = ConsumerProtocolSubscription.SPEC.newStruct();
        struct.set(ConsumerProtocolSubscription.TOPICS, s.topics());
        struct.set(ConsumerProtocolSubscription.USER_DATA, s.userData() == null ? null : s.userData().duplicate());
        addPartitions(struct, OWNED, s.ownedPartitions());
        struct.set(ConsumerProtocolSubscription.GENERATION_ID, s.generationId());
        struct.set(ConsumerProtocolSubscription.RACK_ID, s.rackId());
        return withVersion(ConsumerProtocolSubscription.SPEC, struct, version);
    }

    public static Subscription deserializeSubscription(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate();
        Struct s = read(buf, ConsumerProtocolSubscription.SPEC, "subscription");
        return new Subscription(s.getArray(ConsumerProtocolSubscription.TOPICS),
                copy(s.getBytes(ConsumerProtocolSubscription.USER_DATA)), partitions(s, OWNED),
                s.getInt(ConsumerProtocolSubscription.GENERATION_ID), s.getString(ConsumerProtocolSubscription.RACK_ID),
                        null);
    }

    public static ByteBuffer serializeAssignment(Assignment a) {
        return serializeAssignment(a, LATEST_VERSION);
    }

    public static ByteBuffer serializeAssignment(Assignment a, short version) {
        Struct struct = ConsumerProtocolAssignment.SPEC.newStruct();
        addPartitions(struct, ASSIGNED, a.partitions());
        struct.set(ConsumerProtocolAssignment.USER_DATA, a.userData() == null ? null : a.userData().duplicate());
        return withVersion(ConsumerProtocolAssignment.SPEC, struct, version);
    }

    /** An empty buffer (what a coordinator hands a member the leader gave nothing) reads as no partitions. */
    public static Assignment deserializeAssignment(ByteBuffer bytes) {
        if (bytes == null || !bytes.hasRemaining()) {
            return new Assignment(List.of());
        }
        Struct s = read(bytes.duplicate(), ConsumerProtocolAssignment.SPEC, "assignment");
        return new Assignment(partitions(s, ASSIGNED), copy(s.getBytes(ConsumerProtocolAssignment.USER_DATA)));
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
    private static void addPartitions(Struct struct, PartitionList list, List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        byTopic.forEach((topic, ids) -> struct.addElement(list.array()).set(list.topic(), topic)
                .set(list.partitions(), ids));
    }

    private static List<TopicPartition> partitions(Struct s, PartitionList list) {
        List<TopicPartition> out = new ArrayList<>();
        for (Struct t : s.getStructs(list.array())) {
            for (int p : t.getArray(list.partitions())) {
                out.add(new TopicPartition(t.getString(list.topic()), p));
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
