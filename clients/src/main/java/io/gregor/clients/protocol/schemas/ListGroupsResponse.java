package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ListGroupsResponse (api key 16, versions 0-5, flexible 3+). */
public final class ListGroupsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<List<Struct>> GROUPS = array("Groups", "0+", Groups.SCHEMA);

    public static final MessageSpec SPEC = response(16, "ListGroupsResponse", "0-5", "3+",
            THROTTLE_TIME_MS, ERROR_CODE, GROUPS);

    private ListGroupsResponse() {
    }

    /** An element of {@link ListGroupsResponse#GROUPS}. */
    public static final class Groups {
        public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+");
        public static final Field<String> PROTOCOL_TYPE = field("ProtocolType", STRING, "0+");
        public static final Field<String> GROUP_STATE = field("GroupState", STRING, "4+");
        public static final Field<String> GROUP_TYPE = field("GroupType", STRING, "5+");
        public static final Schema SCHEMA = structType("Groups", GROUP_ID, PROTOCOL_TYPE, GROUP_STATE, GROUP_TYPE);

        private Groups() {
        }
    }
}
