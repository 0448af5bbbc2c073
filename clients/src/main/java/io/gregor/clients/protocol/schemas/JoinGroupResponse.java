package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** JoinGroupResponse (api key 11, versions 0-9, flexible 6+). */
public final class JoinGroupResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "0+").withDefault(-1);
    public static final Field<String> PROTOCOL_TYPE =
            field("ProtocolType", STRING, "7+").nullable("7+").withDefault(null);
    public static final Field<String> PROTOCOL_NAME = field("ProtocolName", STRING, "0+").nullable("7+");
    public static final Field<String> LEADER = field("Leader", STRING, "0+");
    public static final Field<Boolean> SKIP_ASSIGNMENT = field("SkipAssignment", BOOL, "9+");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+");
    public static final Field<List<Struct>> MEMBERS = array("Members", "0+", Members.SCHEMA);

    public static final MessageSpec SPEC = response(11, "JoinGroupResponse", "0-9", "6+",
            THROTTLE_TIME_MS, ERROR_CODE, GENERATION_ID, PROTOCOL_TYPE, PROTOCOL_NAME, LEADER, SKIP_ASSIGNMENT,
            MEMBER_ID, MEMBERS);

    private JoinGroupResponse() {
    }

    /** An element of {@link JoinGroupResponse#MEMBERS}. */
    public static final class Members {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+");
        public static final Field<String> GROUP_INSTANCE_ID =
                field("GroupInstanceId", STRING, "5+").nullable("5+").withDefault(null);
        public static final Field<ByteBuffer> METADATA = field("Metadata", BYTES, "0+");
        public static final Schema SCHEMA = structType("Members", MEMBER_ID, GROUP_INSTANCE_ID, METADATA);

        private Members() {
        }
    }
}
