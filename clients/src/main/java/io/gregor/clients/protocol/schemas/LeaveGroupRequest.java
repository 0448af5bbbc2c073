package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** LeaveGroupRequest (api key 13, versions 0-5, flexible 4+). */
public final class LeaveGroupRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0-2");
    public static final Field<List<Struct>> MEMBERS = array("Members", "3+", Members.SCHEMA);

    public static final MessageSpec SPEC = request(13, "LeaveGroupRequest", "0-5", "4+",
            GROUP_ID, MEMBER_ID, MEMBERS);

    private LeaveGroupRequest() {
    }

    /** An element of {@link LeaveGroupRequest#MEMBERS}. */
    public static final class Members {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "3+");
        public static final Field<String> GROUP_INSTANCE_ID =
                field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null);
        public static final Field<String> REASON = field("Reason", STRING, "5+").nullable("5+").withDefault(null);
        public static final Schema SCHEMA = structType("Members", MEMBER_ID, GROUP_INSTANCE_ID, REASON);

        private Members() {
        }
    }
}
