package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.nio.ByteBuffer;
import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * JoinGroup (api key 11): a member joins a group's rebalance, offering the protocols (assignors) it
 * supports. v1 adds the rebalance timeout; v2-3 as v1; v4 a first join without member id is answered
 * MEMBER_ID_REQUIRED with one (KIP-394); v5 group.instance.id (KIP-345); v6 flexible; v7 as v6; v8 the
 * reason (KIP-800); v9 as v8.
 */
public final class JoinGroupRequest {
    public static final Field<String> GROUP_ID = field("GroupId", STRING, "0+")
            .about("The consumer group's id.");
    public static final Field<Integer> SESSION_TIMEOUT_MS = field("SessionTimeoutMs", INT32, "0+")
            .about("How long, in ms, the coordinator waits for a heartbeat before removing the member.");
    public static final Field<Integer> REBALANCE_TIMEOUT_MS = field("RebalanceTimeoutMs", INT32, "1+").withDefault(-1)
            .about("How long, in ms, the coordinator waits for every member to rejoin in a rebalance "
                    + "(max.poll.interval.ms for consumers), -1 for the session timeout; since v1.");
    public static final Field<String> MEMBER_ID = field("MemberId", STRING, "0+")
            .about("The member's id, empty on a first join (from v4 the coordinator then answers MEMBER_ID_REQUIRED"
                    + " with one to use).");
    public static final Field<String> GROUP_INSTANCE_ID =
            field("GroupInstanceId", STRING, "5+").nullable("5+").withDefault(null)
            .about("The static member's group.instance.id, or null; since v5.");
    public static final Field<String> PROTOCOL_TYPE = field("ProtocolType", STRING, "0+")
            .about("The group's protocol type, \"consumer\" for consumers.");
    public static final Field<List<Struct>> PROTOCOLS = array("Protocols", "0+", Protocols.SCHEMA)
            .about("The protocols (assignors) the member supports, preferred first, each with its metadata.");
    public static final Field<String> REASON = field("Reason", STRING, "8+").nullable("8+").withDefault(null)
            .about("Why the member (re)joins, for the coordinator's log (KIP-800), or null; since v8.");

    public static final MessageSpec SPEC = request(11, "JoinGroupRequest", "0-9", "6+",
            GROUP_ID, SESSION_TIMEOUT_MS, REBALANCE_TIMEOUT_MS, MEMBER_ID, GROUP_INSTANCE_ID, PROTOCOL_TYPE, PROTOCOLS,
            REASON);

    private JoinGroupRequest() {
    }

    /** An element of {@link JoinGroupRequest#PROTOCOLS}. */
    public static final class Protocols {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The protocol's (assignor's) name.");
        public static final Field<ByteBuffer> METADATA = field("Metadata", BYTES, "0+")
                .about("The member's metadata for this protocol (for consumers, its subscription).");
        public static final Schema SCHEMA = structType("Protocols", NAME, METADATA);

        private Protocols() {
        }
    }
}
