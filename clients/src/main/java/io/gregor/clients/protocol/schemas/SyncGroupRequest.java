package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** SyncGroupRequest (api key 14, versions 0-5, flexible 4+). */
public final class SyncGroupRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+");
    public static final Field<Integer> GENERATION_ID = field("GenerationId", INT32, "0+");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null);
    public static final Field<String> PROTOCOL_TYPE =
            field("ProtocolType", STRING, "5+").nullable("5+").withDefault(null);
    public static final Field<String> PROTOCOL_NAME =
            field("ProtocolName", STRING, "5+").nullable("5+").withDefault(null);
    public static final Field<List<Struct>> ASSIGNMENTS = array("Assignments", "0+", Assignments.SCHEMA);

    public static final MessageSpec SPEC = request(14, "SyncGroupRequest", "0-5", "4+",
            GROUP_ID, GENERATION_ID, MEMBER_ID, GROUP_INSTANCE_ID, PROTOCOL_TYPE, PROTOCOL_NAME, ASSIGNMENTS);

    private SyncGroupRequest() {
    }

    /** An element of {@link SyncGroupRequest#ASSIGNMENTS}. */
    public static final class Assignments {
        public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+");
        public static final Field<ByteBuffer> ASSIGNMENT = field("Assignment", BYTES, "0+");
        public static final Schema SCHEMA = structType("Assignments", MEMBER_ID, ASSIGNMENT);

        private Assignments() {
        }
    }
}
