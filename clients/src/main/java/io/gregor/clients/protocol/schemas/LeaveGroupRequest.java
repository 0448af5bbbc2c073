package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * LeaveGroup (api key 13): members leave a group, which rebalances. v1-2 as v0; v3 several members at
 * once, by member id or group.instance.id (KIP-345); v4 flexible; v5 the reason (KIP-800).
 */
public final class LeaveGroupRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The consumer group's id.");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0-2")
            .about("The id of the member leaving; up to v2.");
    public static final Field<List<Struct>> MEMBERS = array("Members", "3+", Members.SCHEMA)
            .about("The members leaving, several at once (KIP-345); since v3.");

    public static final MessageSpec SPEC = request(13, "LeaveGroupRequest", "0-5", "4+",
            GROUP_ID, MEMBER_ID, MEMBERS);

    private LeaveGroupRequest() {
    }

    /** An element of {@link LeaveGroupRequest#MEMBERS}. */
    public static final class Members {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "3+")
                .about("The member's id (empty to name a static member by instance id). Since v3.");
        public static final Field<String> GROUP_INSTANCE_ID =
                field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null)
                .about("The static member's group.instance.id, or null. Since v3.");
        public static final Field<String> REASON = field("Reason", STRING, "5+").nullable("5+").withDefault(null)
                .about("Why the member leaves, for the coordinator's log (KIP-800), or null; since v5.");
        public static final Schema SCHEMA = structType("Members", MEMBER_ID, GROUP_INSTANCE_ID, REASON);

        private Members() {
        }
    }
}
