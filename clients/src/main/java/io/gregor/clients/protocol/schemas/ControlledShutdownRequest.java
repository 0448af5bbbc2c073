package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ControlledShutdownRequest (api key 7, versions 0-3, flexible 3+). */
public final class ControlledShutdownRequest {
    public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "2+").withDefault(-1L);

    public static final MessageSpec SPEC = request(7, "ControlledShutdownRequest", "0-3", "3+",
            BROKER_ID, BROKER_EPOCH);

    private ControlledShutdownRequest() {
    }
}
