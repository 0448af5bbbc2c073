package io.gregor.broker.group;

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
 * The value of a group's metadata in __consumer_offsets (Kafka's GroupMetadataValue): protocol,
 * generation, leader and members. v1 adds each member's rebalance timeout; v2 the time of the last
 * state change; v3 the members' group.instance.id; v4 is flexible. Gregor writes v3; a null value is a
 * tombstone.
 */
final class GroupMetadataValue {
    public static final Field<String> PROTOCOL_TYPE = field("protocolType", STRING, "0+")
            .about("The group's protocol type (empty when none).");
    public static final Field<Integer> GENERATION = field("generation", INT32, "0+")
            .about("The group's generation.");
    public static final Field<String> PROTOCOL = field("protocol", STRING, "0+").nullable("0+")
            .about("The chosen protocol, or null while there is none.");
    public static final Field<String> LEADER = field("leader", STRING, "0+").nullable("0+")
            .about("The leader's member id, or null.");
    public static final Field<Long> CURRENT_STATE_TIMESTAMP =
            field("currentStateTimestamp", INT64, "2+").withDefault(-1L)
            .about("When the group last changed state, -1 when unknown; since v2.");
    public static final Field<List<Struct>> MEMBERS = array("members", "0+", MemberMetadata.SCHEMA)
            .about("The group's members.");

    public static final MessageSpec SPEC = new MessageSpec(-1, "GroupMetadataValue", MessageType.REQUEST,
            Versions.parse("0-4"), Versions.parse("4+"), structType("GroupMetadataValue",
            PROTOCOL_TYPE, GENERATION, PROTOCOL, LEADER, CURRENT_STATE_TIMESTAMP, MEMBERS));

    private GroupMetadataValue() {
    }

    /** An element of {@link GroupMetadataValue#MEMBERS}. */
    public static final class MemberMetadata {
        public static final Field<String> MEMBER_ID = field("memberId", STRING, "0+")
                .about("The member's id.");
        public static final Field<String> GROUP_INSTANCE_ID =
                field("groupInstanceId", STRING, "3+").nullable("3+").withDefault(null)
                .about("The static member's group.instance.id, or null; since v3.");
        public static final Field<String> CLIENT_ID = field("clientId", STRING, "0+")
                .about("The client.id the member joined with.");
        public static final Field<String> CLIENT_HOST = field("clientHost", STRING, "0+")
                .about("The address the member joined from.");
        public static final Field<Integer> REBALANCE_TIMEOUT = field("rebalanceTimeout", INT32, "1+").withDefault(-1)
                .about("The member's rebalance timeout in ms; since v1 (v0 members use their session timeout).");
        public static final Field<Integer> SESSION_TIMEOUT = field("sessionTimeout", INT32, "0+")
                .about("The member's session timeout in ms.");
        public static final Field<ByteBuffer> SUBSCRIPTION = field("subscription", BYTES, "0+")
                .about("The member's metadata for the chosen protocol.");
        public static final Field<ByteBuffer> ASSIGNMENT = field("assignment", BYTES, "0+")
                .about("The member's assignment.");
        public static final Schema SCHEMA = structType("MemberMetadata", MEMBER_ID, GROUP_INSTANCE_ID, CLIENT_ID,
                CLIENT_HOST, REBALANCE_TIMEOUT, SESSION_TIMEOUT, SUBSCRIPTION, ASSIGNMENT);

        private MemberMetadata() {
        }
    }
}
