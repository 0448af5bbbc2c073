package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** LeaveGroupResponse (api key 13, versions 0-5, flexible 4+). */
public final class LeaveGroupResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<List<Struct>> MEMBERS = array("Members", "3+", Members.SCHEMA);

    public static final MessageSpec SPEC = response(13, "LeaveGroupResponse", "0-5", "4+",
            THROTTLE_TIME_MS, ERROR_CODE, MEMBERS);

    private LeaveGroupResponse() {
    }

    /** An element of {@link LeaveGroupResponse#MEMBERS}. */
    public static final class Members {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "3+");
        public static final Field<String> GROUP_INSTANCE_ID = field("GroupInstanceId", STRING, "3+").nullable("3+");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "3+");
        public static final Schema SCHEMA = structType("Members", MEMBER_ID, GROUP_INSTANCE_ID, ERROR_CODE);

        private Members() {
        }
    }
}
