package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** HeartbeatResponse (api key 12, versions 0-4, flexible 4+). */
public final class HeartbeatResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");

    public static final MessageSpec SPEC = response(12, "HeartbeatResponse", "0-4", "4+",
            THROTTLE_TIME_MS, ERROR_CODE);

    private HeartbeatResponse() {
    }
}
