package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to LeaveGroup. v1 adds the throttle time; v2 answers before throttling; v3 one result per
 * member; v4 flexible; v5 as v4.
 */
public final class LeaveGroupResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or an error of the whole request.");
    public static final Field<List<Struct>> MEMBERS = array("Members", "3+", Members.SCHEMA)
            .about("One result per member of the request; since v3.");

    public static final MessageSpec SPEC = response(13, "LeaveGroupResponse", "0-5", "4+",
            THROTTLE_TIME_MS, ERROR_CODE, MEMBERS);

    private LeaveGroupResponse() {
    }

    /** An element of {@link LeaveGroupResponse#MEMBERS}. */
    public static final class Members {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "3+")
                .about("The member's id. Since v3.");
        public static final Field<String> GROUP_INSTANCE_ID = field("GroupInstanceId", STRING, "3+").nullable("3+")
                .about("The member's group.instance.id, or null. Since v3.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "3+")
                .about("0, or why the member was not removed (UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID...). Since v3.");
        public static final Schema SCHEMA = structType("Members", MEMBER_ID, GROUP_INSTANCE_ID, ERROR_CODE);

        private Members() {
        }
    }
}
