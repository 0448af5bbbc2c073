package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to Heartbeat. v1 adds the throttle time; v2 answers before throttling; v3 as v2; v4
 * flexible.
 */
public final class HeartbeatResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or what the member must do (REBALANCE_IN_PROGRESS: rejoin; UNKNOWN_MEMBER_ID, "
                    + "ILLEGAL_GENERATION...).");

    public static final MessageSpec SPEC = response(12, "HeartbeatResponse", "0-4", "4+",
            THROTTLE_TIME_MS, ERROR_CODE);

    private HeartbeatResponse() {
    }
}
