package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * ControlledShutdown (api key 7): a broker asks the controller to move its leaderships away before it
 * stops. v0 comes with a request header without client id (Gregor reads it so); v1 as v0; v2 adds the
 * broker epoch; v3 flexible.
 */
public final class ControlledShutdownRequest {
    public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+")
            .about("The id of the broker asking to shut down.");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "2+").withDefault(-1L)
            .about("The broker epoch of the broker asking, -1 when not given; since v2.");

    public static final MessageSpec SPEC = request(7, "ControlledShutdownRequest", "0-3", "3+",
            BROKER_ID, BROKER_EPOCH);

    private ControlledShutdownRequest() {
    }
}
