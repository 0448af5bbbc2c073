package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The producer id and epoch handed out. v1 answers before throttling; v2 flexible; v3 as v2; v4-5 new
 * errors.
 */
public final class InitProducerIdResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why no producer id was given (COORDINATOR_NOT_AVAILABLE...).");
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+").withDefault(-1L)
            .about("The producer id handed out, -1 on error.");
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+")
            .about("Its epoch, -1 on error.");

    public static final MessageSpec SPEC = response(22, "InitProducerIdResponse", "0-5", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, PRODUCER_ID, PRODUCER_EPOCH);

    private InitProducerIdResponse() {
    }
}
