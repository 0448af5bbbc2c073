package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.Versions;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The subscription a member of a "consumer" group puts in JoinGroup's {@code Protocols[].Metadata}
 * (and the leader receives in {@code Members[].Metadata}): not an API message but data embedded in
 * one, fields as in Kafka's {@code ConsumerProtocolSubscription} spec, never flexible, versions 0-3.
 *
 * <p>On the wire these bytes start with an int16 version, which is not part of the schema: read it
 * first, then decode the rest with {@code MessageCodec.read(buf, SPEC, version)}; to write, put the
 * version and then {@code MessageCodec.write(SPEC, struct, version)}. The spec has no api key (-1),
 * so it is not registered in {@code ApiMessages} and {@code MessageCodec.write(Struct, short)} does
 * not know it: pass the spec explicitly. Its {@link io.gregor.clients.protocol.MessageType} says
 * REQUEST, which means nothing here: the codec does not look at it.
 */
public final class ConsumerProtocolSubscription {
    public static final Field<List<String>> TOPICS = field("Topics", arrayOf(STRING), "0+")
            .about("The topics the member subscribes to.");
    public static final Field<ByteBuffer> USER_DATA = field("UserData", BYTES, "0+").nullable("0+").withDefault(null)
            .about("Opaque bytes from the member's assignor to the leader's, or null.");
    public static final Field<List<Struct>> OWNED_PARTITIONS = array("OwnedPartitions", "1+", OwnedPartitions.SCHEMA)
            .about("The partitions the member owns now, for cooperative rebalancing; since v1.");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "2+").withDefault(-1)
            .about("The generation in which the member got its owned partitions, -1 when unknown, so that the "
                    + "assignor can drop stale claims; since v2.");
    public static final Field<String> RACK_ID = field("RackId", STRING, "3+").nullable("3+").withDefault(null)
            .about("The member's client.rack, for rack-aware assignment; since v3.");

    public static final MessageSpec SPEC = new MessageSpec(-1, "ConsumerProtocolSubscription", MessageType.REQUEST,
            Versions.parse("0-3"), Versions.parse("none"), structType("ConsumerProtocolSubscription",
            TOPICS, USER_DATA, OWNED_PARTITIONS, GENERATION_ID, RACK_ID));

    private ConsumerProtocolSubscription() {
    }

    /** An element of {@link ConsumerProtocolSubscription#OWNED_PARTITIONS}. */
    public static final class OwnedPartitions {
        public static final Field<String> TOPIC = field("Topic", STRING, "1+")
                .about("The topic's name. Since v1.");
        public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "1+")
                .about("The owned partitions of the topic. Since v1.");
        public static final Schema SCHEMA = structType("OwnedPartitions", TOPIC, PARTITIONS);

        private OwnedPartitions() {
        }
    }
}
