package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * SyncGroup (api key 14): after JoinGroup, the leader sends the assignment and every member receives
 * its own. v1-2 as v0; v3 adds group.instance.id; v4 flexible; v5 protocol type and name, checked by
 * the coordinator (KIP-559).
 */
public final class SyncGroupRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The consumer group's id.");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "0+")
            .about("The generation the member joined.");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+")
            .about("The member id the coordinator assigned at JoinGroup (empty to ask for one).");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null)
            .about("The static member's group.instance.id, or null; since v3.");
    public static final Field<String> PROTOCOL_TYPE =
            field("ProtocolType", STRING, "5+").nullable("5+").withDefault(null)
            .about("The group's protocol type, checked against the group's (KIP-559), or null; since v5.");
    public static final Field<String> PROTOCOL_NAME =
            field("ProtocolName", STRING, "5+").nullable("5+").withDefault(null)
            .about("The chosen protocol, checked against the group's, or null; since v5.");
    public static final Field<List<Struct>> ASSIGNMENTS = array("Assignments", "0+", Assignments.SCHEMA)
            .about("The leader's assignment for every member; empty from the other members.");

    public static final MessageSpec SPEC = request(14, "SyncGroupRequest", "0-5", "4+",
            GROUP_ID, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID, PROTOCOL_TYPE, PROTOCOL_NAME, ASSIGNMENTS);

    private SyncGroupRequest() {
    }

    /** An element of {@link SyncGroupRequest#ASSIGNMENTS}. */
    public static final class Assignments {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+")
                .about("The member the assignment is for.");
        public static final Field<ByteBuffer> ASSIGNMENT = field("Assignment", BYTES, "0+")
                .about("The member's assignment (for consumers, a ConsumerProtocolAssignment).");
        public static final Schema SCHEMA = structType("Assignments", MEMBER_ID, ASSIGNMENT);

        private Assignments() {
        }
    }
}
