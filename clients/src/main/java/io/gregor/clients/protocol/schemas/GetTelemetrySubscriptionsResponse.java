package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** GetTelemetrySubscriptionsResponse (api key 71, versions 0, flexible 0+). */
public final class GetTelemetrySubscriptionsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<UUID> CLIENT_INSTANCE_ID = field("ClientInstanceId", UUID, "0+");
    public static final Field<Integer> SUBSCRIPTION_ID = field("SubscriptionId", INT32, "0+");
    public static final Field<List<Byte>> ACCEPTED_COMPRESSION_TYPES =
            field("AcceptedCompressionTypes", arrayOf(INT8), "0+");
    public static final Field<Integer> PUSH_INTERVAL_MS = field("PushIntervalMs", INT32, "0+");
    public static final Field<Integer> TELEMETRY_MAX_BYTES = field("TelemetryMaxBytes", INT32, "0+");
    public static final Field<Boolean> DELTA_TEMPORALITY = field("DeltaTemporality", BOOL, "0+");
    public static final Field<List<String>> REQUESTED_METRICS = field("RequestedMetrics", arrayOf(STRING), "0+");

    public static final MessageSpec SPEC = response(71, "GetTelemetrySubscriptionsResponse", "0", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, CLIENT_INSTANCE_ID, SUBSCRIPTION_ID, ACCEPTED_COMPRESSION_TYPES,
            PUSH_INTERVAL_MS, TELEMETRY_MAX_BYTES, DELTA_TEMPORALITY, REQUESTED_METRICS);

    private GetTelemetrySubscriptionsResponse() {
    }
}
