package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Schemas of the client telemetry APIs: GetTelemetrySubscriptions. Field names, types, versions,
 * nullability and defaults follow Kafka's message specs.
 */
public final class TelemetrySchemas {
    private TelemetrySchemas() {
    }

    public static final MessageSpec GET_TELEMETRY_SUBSCRIPTIONS_REQUEST = request(71, "GetTelemetrySubscriptionsRequest", "0", "0+",
            field("ClientInstanceId", UUID, "0+"));

    public static final MessageSpec GET_TELEMETRY_SUBSCRIPTIONS_RESPONSE = response(71, "GetTelemetrySubscriptionsResponse", "0", "0+",
            field("ThrottleTimeMs", INT32, "0+"),
            field("ErrorCode", INT16, "0+"),
            field("ClientInstanceId", UUID, "0+"),
            field("SubscriptionId", INT32, "0+"),
            field("AcceptedCompressionTypes", arrayOf(INT8), "0+"),
            field("PushIntervalMs", INT32, "0+"),
            field("TelemetryMaxBytes", INT32, "0+"),
            field("DeltaTemporality", BOOL, "0+"),
            field("RequestedMetrics", arrayOf(STRING), "0+"));

    public static List<MessageSpec> all() {
        return List.of(
                GET_TELEMETRY_SUBSCRIPTIONS_REQUEST,
                GET_TELEMETRY_SUBSCRIPTIONS_RESPONSE);
    }
}
