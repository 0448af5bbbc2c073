package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** InitProducerIdResponse (api key 22, versions 0-5, flexible 2+). */
public final class InitProducerIdResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+").withDefault(-1L);
    public static final Field<Short> PRODUCER_EPOCH = field("ProducerEpoch", INT16, "0+");

    public static final MessageSpec SPEC = response(22, "InitProducerIdResponse", "0-5", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, PRODUCER_ID, PRODUCER_EPOCH);

    private InitProducerIdResponse() {
    }
}
