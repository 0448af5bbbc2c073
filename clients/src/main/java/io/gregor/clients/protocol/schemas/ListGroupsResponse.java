package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to ListGroups. v1 adds the throttle time; v2 answers before throttling; v3 flexible; v4
 * each group's state; v5 each group's type.
 */
public final class ListGroupsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why the groups could not be listed (COORDINATOR_LOAD_IN_PROGRESS...).");
    public static final Field<List<Struct>> GROUPS = array("Groups", "0+", Groups.SCHEMA)
            .about("The groups this broker coordinates.");

    public static final MessageSpec SPEC = response(16, "ListGroupsResponse", "0-5", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, GROUPS);

    private ListGroupsResponse() {
    }

    /** An element of {@link ListGroupsResponse#GROUPS}. */
    public static final class Groups {
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
                .about("The consumer group's id.");
        public static final Field<String> PROTOCOL_TYPE = field("ProtocolType", STRING, "0+")
                .about("The group's protocol type, empty when it has none.");
        public static final Field<String> GROUP_STATE = field("GroupState", STRING, "4+")
                .about("The group's state; since v4.");
        public static final Field<String> GROUP_TYPE = field("GroupType", STRING, "5+")
                .about("The group's type: \"classic\" for groups using JoinGroup/SyncGroup; since v5.");
        public static final Schema SCHEMA = structType("Groups", GROUP_ID, PROTOCOL_TYPE, GROUP_STATE, GROUP_TYPE);

        private Groups() {
        }
    }
}
