package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to DescribeGroups. v1 adds the throttle time; v2 answers before throttling; v3 authorized
 * operations; v4 the members' group.instance.id; v5 flexible.
 */
public final class DescribeGroupsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<List<Struct>> GROUPS = array("Groups", "0+", Groups.SCHEMA)
            .about("One description per group of the request.");

    public static final MessageSpec SPEC = response(15, "DescribeGroupsResponse", "0-5", "5+",
            THROTTLE_TIME_MS, GROUPS);

    private DescribeGroupsResponse() {
    }

    /** An element of {@link DescribeGroupsResponse#GROUPS}. */
    public static final class Groups {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the group was not described.");
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
                .about("The consumer group's id.");
        public static final Field<String> GROUP_STATE = field("GroupState", STRING, "0+")
                .about("The group's state: Empty, PreparingRebalance, CompletingRebalance, Stable or Dead.");
        public static final Field<String> PROTOCOL_TYPE = field("ProtocolType", STRING, "0+")
                .about("The group's protocol type (\"consumer\"), empty when it has none.");
        public static final Field<String> PROTOCOL_DATA = field("ProtocolData", STRING, "0+")
                .about("The chosen protocol (assignor) when the group is Stable, else empty.");
        public static final Field<List<Struct>> MEMBERS = array("Members", "0+", Members.SCHEMA)
                .about("The group's members.");
        public static final Field<Integer> AUTHORIZED_OPERATIONS =
                field("AuthorizedOperations", INT32, "3+").withDefault(-2147483648)
                .about("Bit set of the operations the caller may perform on the group; Integer.MIN_VALUE when not "
                        + "asked for; since v3.");
        public static final Schema SCHEMA = structType("Groups", ERROR_CODE, GROUP_ID, GROUP_STATE, PROTOCOL_TYPE,
                PROTOCOL_DATA, MEMBERS, AUTHORIZED_OPERATIONS);

        private Groups() {
        }

        /** An element of {@link DescribeGroupsResponse.Groups#MEMBERS}. */
        public static final class Members {
            public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+")
                    .about("The member's id.");
            public static final Field<String> GROUP_INSTANCE_ID =
                    field("GroupInstanceId", STRING, "4+").nullable("4+").withDefault(null)
                    .about("The static member's group.instance.id, or null; since v4.");
            public static final Field<String> CLIENT_ID = field("ClientId", STRING, "0+")
                    .about("The client.id the member joined with.");
            public static final Field<String> CLIENT_HOST = field("ClientHost", STRING, "0+")
                    .about("The address the member joined from.");
            public static final Field<ByteBuffer> MEMBER_METADATA = field("MemberMetadata", BYTES, "0+")
                    .about("The member's metadata for the chosen protocol (a consumer's subscription).");
            public static final Field<ByteBuffer> MEMBER_ASSIGNMENT = field("MemberAssignment", BYTES, "0+")
                    .about("The member's current assignment (a consumer's partitions).");
            public static final Schema SCHEMA = structType("Members", MEMBER_ID, GROUP_INSTANCE_ID, CLIENT_ID,
                    CLIENT_HOST, MEMBER_METADATA, MEMBER_ASSIGNMENT);

            private Members() {
            }
        }
    }
}
