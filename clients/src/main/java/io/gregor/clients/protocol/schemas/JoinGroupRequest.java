package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** JoinGroupRequest (api key 11, versions 0-9, flexible 6+). */
public final class JoinGroupRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+");
    public static final Field<Integer> SESSION_TIMEOUT_MS = field("SessionTimeoutMs", INT32, "0+");
    public static final Field<Integer> REBALANCE_TIMEOUT_MS = field("RebalanceTimeoutMs", INT32, "1+").withDefault(-1);
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "5+").nullable("5+").withDefault(null);
    public static final Field<String> PROTOCOL_TYPE = field("ProtocolType", STRING, "0+");
    public static final Field<List<Struct>> PROTOCOLS = array("Protocols", "0+", Protocols.SCHEMA);
    public static final Field<String> REASON = field("Reason", STRING, "8+").nullable("8+").withDefault(null);

    public static final MessageSpec SPEC = request(11, "JoinGroupRequest", "0-9", "6+",
            GROUP_ID, SESSION_TIMEOUT_MS, REBALANCE_TIMEOUT_MS, MEMBER_ID, GROUP_INSTANCE_ID, PROTOCOL_TYPE, PROTOCOLS,
            REASON);

    private JoinGroupRequest() {
    }

    /** An element of {@link JoinGroupRequest#PROTOCOLS}. */
    public static final class Protocols {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<ByteBuffer> METADATA = field("Metadata", BYTES, "0+");
        public static final Schema SCHEMA = structType("Protocols", NAME, METADATA);

        private Protocols() {
        }
    }
}
