package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to EndTxn, given once the coordinator has durably recorded the decision (markers may still be in
 * flight). v1: responses are sent before a quota throttle; v2: PRODUCER_FENCED; v3: flexible; v4:
 * TRANSACTION_ABORTABLE.
 */
public final class EndTxnResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the request was throttled for a quota violation; 0 when it was not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0 on success, else the error.");

    public static final MessageSpec SPEC = response(26, "EndTxnResponse", "0-4", "3+",
            THROTTLE_TIME_MS, ERROR_CODE);

    private EndTxnResponse() {
    }
}

