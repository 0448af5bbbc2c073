package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Heartbeat (api key 12): a group member tells the coordinator it is alive; the answer says when to
 * rejoin. v1-2 as v0; v3 adds group.instance.id (static membership, KIP-345); v4 flexible.
 */
public final class HeartbeatRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The consumer group's id.");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "0+")
            .about("The generation the member believes the group is in.");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+")
            .about("The member id the coordinator assigned at JoinGroup (empty to ask for one).");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null)
            .about("The static member's group.instance.id, or null; since v3.");

    public static final MessageSpec SPEC = request(12, "HeartbeatRequest", "0-4", "4+",
            GROUP_ID, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID);

    private HeartbeatRequest() {
    }
}
