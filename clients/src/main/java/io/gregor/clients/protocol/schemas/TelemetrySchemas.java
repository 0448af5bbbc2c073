package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/**
 * Schemas of the client telemetry APIs: GetTelemetrySubscriptions. Field names, types, versions,
 * nullability and defaults follow Kafka's message specs.
 */
public final class TelemetrySchemas {
    private TelemetrySchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                GetTelemetrySubscriptionsRequest.SPEC,
                GetTelemetrySubscriptionsResponse.SPEC);
    }
}
