package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** GetTelemetrySubscriptionsRequest (api key 71, versions 0, flexible 0+). */
public final class GetTelemetrySubscriptionsRequest {
    public static final Field<UUID> CLIENT_INSTANCE_ID = field("ClientInstanceId", UUID, "0+");

    public static final MessageSpec SPEC = request(71, "GetTelemetrySubscriptionsRequest", "0", "0+",
            CLIENT_INSTANCE_ID);

    private GetTelemetrySubscriptionsRequest() {
    }
}
