package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Versions;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Schemas of the "consumer" group protocol's embedded data, which are not API messages: the
 * subscription a member puts in JoinGroup's {@code Protocols[].Metadata} (and the leader receives in
 * {@code Members[].Metadata}), and the assignment carried by SyncGroup's {@code Assignment} bytes.
 * Never flexible, versions 0-3, fields as in Kafka's {@code ConsumerProtocolSubscription} and
 * {@code ConsumerProtocolAssignment} specs.
 *
 * <p>On the wire these bytes start with an int16 version, which is not part of the schema: read it
 * first, then decode the rest with {@code MessageCodec.read(buf, spec, version)}; to write, put the
 * version and then {@code MessageCodec.write(spec, struct, version)}. They have no api key (-1), so
 * they are not registered in {@code ApiMessages} and {@code MessageCodec.write(Struct, short)} does
 * not know them; pass the spec explicitly. {@link MessageType} has no kind for such data, so both
 * say REQUEST, which means nothing here: the codec does not look at it.
 */
public final class ConsumerProtocolSchemas {
    private ConsumerProtocolSchemas() {
    }

    private static final Versions VALID = Versions.parse("0-3");
    private static final Versions NEVER_FLEXIBLE = Versions.parse("none");

    public static final MessageSpec CONSUMER_PROTOCOL_SUBSCRIPTION = new MessageSpec(-1,
            "ConsumerProtocolSubscription", MessageType.REQUEST, VALID, NEVER_FLEXIBLE,
            commonStruct("ConsumerProtocolSubscription",
                    field("Topics", arrayOf(STRING), "0+"),
                    field("UserData", BYTES, "0+").nullable("0+").withDefault(null),
                    array("OwnedPartitions", "1+",
                            field("Topic", STRING, "1+"),
                            field("Partitions", arrayOf(INT32), "1+")),
                    field("GenerationId", INT32, "2+").withDefault(-1),
                    field("RackId", STRING, "3+").nullable("3+").withDefault(null)));

    public static final MessageSpec CONSUMER_PROTOCOL_ASSIGNMENT = new MessageSpec(-1,
            "ConsumerProtocolAssignment", MessageType.REQUEST, VALID, NEVER_FLEXIBLE,
            commonStruct("ConsumerProtocolAssignment",
                    array("AssignedPartitions", "0+",
                            field("Topic", STRING, "0+"),
                            field("Partitions", arrayOf(INT32), "0+")),
                    field("UserData", BYTES, "0+").nullable("0+").withDefault(null)));
}
