package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.nio.ByteBuffer;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to SyncGroup: this member's assignment. v1 adds the throttle time; v2 answers before
 * throttling; v3 as v2; v4 flexible; v5 the protocol type and name.
 */
public final class SyncGroupResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why there is no assignment (REBALANCE_IN_PROGRESS, UNKNOWN_MEMBER_ID...).");
    public static final Field<String> PROTOCOL_TYPE =
            field("ProtocolType", STRING, "5+").nullable("5+").withDefault(null)
            .about("The group's protocol type, or null; since v5.");
    public static final Field<String> PROTOCOL_NAME =
            field("ProtocolName", STRING, "5+").nullable("5+").withDefault(null)
            .about("The group's chosen protocol, or null; since v5.");
    public static final Field<ByteBuffer> ASSIGNMENT = field("Assignment", BYTES, "0+")
            .about("This member's assignment.");

    public static final MessageSpec SPEC = response(14, "SyncGroupResponse", "0-5", "4+",
            THROTTLE_TIME_MS, ERROR_CODE, PROTOCOL_TYPE, PROTOCOL_NAME, ASSIGNMENT);

    private SyncGroupResponse() {
    }
}
