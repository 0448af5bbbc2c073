package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * GetTelemetrySubscriptions (api key 71, KIP-714): a client asks which of its metrics the broker wants
 * pushed. Gregor answers with an empty subscription, so that clients do not push.
 */
public final class GetTelemetrySubscriptionsRequest {
    public static final Field<UUID> CLIENT_INSTANCE_ID = field("ClientInstanceId", UUID, "0+")
            .about("The client's instance id, the zero UUID to be given one (KIP-714).");

    public static final MessageSpec SPEC = request(71, "GetTelemetrySubscriptionsRequest", "0", "0+",
            CLIENT_INSTANCE_ID);

    private GetTelemetrySubscriptionsRequest() {
    }
}
