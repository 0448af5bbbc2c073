package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to JoinGroup: the new generation, the chosen protocol, the leader, and for the leader
 * every member's metadata. v2 adds the throttle time; v3 answers before throttling; v5 members carry
 * group.instance.id; v6 flexible; v7 the protocol type (KIP-559); v9 SkipAssignment.
 */
public final class JoinGroupResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v2.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why the member did not join (MEMBER_ID_REQUIRED, UNKNOWN_MEMBER_ID, ...).");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "0+").withDefault(-1)
            .about("The group's new generation, -1 on error.");
    public static final Field<String> PROTOCOL_TYPE =
            field("ProtocolType", STRING, "7+").nullable("7+").withDefault(null)
            .about("The group's protocol type, or null (KIP-559); since v7.");
    public static final Field<String> PROTOCOL_NAME = field("ProtocolName", STRING, "0+").nullable("7+")
            .about("The protocol the group chose (nullable from v7).");
    public static final Field<String> LEADER = field("Leader", STRING, "0+")
            .about("The member id of the group's leader, who computes the assignment.");
    public static final Field<Boolean> SKIP_ASSIGNMENT = field("SkipAssignment", BOOL, "9+")
            .about("True when the leader must not compute an assignment (KIP-814); since v9.");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+")
            .about("The id of the member that joined.");
    public static final Field<List<Struct>> MEMBERS = array("Members", "0+", Members.SCHEMA)
            .about("Every member with its metadata: sent to the leader only, empty for the others.");

    public static final MessageSpec SPEC = response(11, "JoinGroupResponse", "0-9", "6+",
            THROTTLE_TIME_MS, ERROR_CODE, GENERATION_ID, PROTOCOL_TYPE, PROTOCOL_NAME, LEADER, SKIP_ASSIGNMENT,
            MEMBER_ID, MEMBERS);

    private JoinGroupResponse() {
    }

    /** An element of {@link JoinGroupResponse#MEMBERS}. */
    public static final class Members {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+")
                .about("The member's id.");
        public static final Field<String> GROUP_INSTANCE_ID =
                field("GroupInstanceId", STRING, "5+").nullable("5+").withDefault(null)
                .about("The member's group.instance.id, or null; since v5.");
        public static final Field<ByteBuffer> METADATA = field("Metadata", BYTES, "0+")
                .about("The member's metadata for the chosen protocol.");
        public static final Schema SCHEMA = structType("Members", MEMBER_ID, GROUP_INSTANCE_ID, METADATA);

        private Members() {
        }
    }
}
