package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The telemetry subscription a client is given (KIP-714): which metrics to push, how often and how. */
public final class GetTelemetrySubscriptionsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why no subscription is given.");
    public static final Field<UUID> CLIENT_INSTANCE_ID = field("ClientInstanceId", UUID, "0+")
            .about("The client's instance id (assigned when it sent the zero UUID).");
    public static final Field<Integer> SUBSCRIPTION_ID = field("SubscriptionId", INT32, "0+")
            .about("Identifies the subscription set the client was given.");
    public static final Field<List<Byte>> ACCEPTED_COMPRESSION_TYPES =
            field("AcceptedCompressionTypes", arrayOf(INT8), "0+")
            .about("The compression types the broker accepts for pushed metrics.");
    public static final Field<Integer> PUSH_INTERVAL_MS = field("PushIntervalMs", INT32, "0+")
            .about("How often, in ms, the client should push its metrics.");
    public static final Field<Integer> TELEMETRY_MAX_BYTES = field("TelemetryMaxBytes", INT32, "0+")
            .about("The largest metrics payload the broker accepts.");
    public static final Field<Boolean> DELTA_TEMPORALITY = field("DeltaTemporality", BOOL, "0+")
            .about("True for delta sums, false for cumulative ones.");
    public static final Field<List<String>> REQUESTED_METRICS = field("RequestedMetrics", arrayOf(STRING), "0+")
            .about("Prefixes of the metrics wanted; empty for none (Gregor asks for none).");

    public static final MessageSpec SPEC = response(71, "GetTelemetrySubscriptionsResponse", "0", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, CLIENT_INSTANCE_ID, SUBSCRIPTION_ID, ACCEPTED_COMPRESSION_TYPES,
            PUSH_INTERVAL_MS, TELEMETRY_MAX_BYTES, DELTA_TEMPORALITY, REQUESTED_METRICS);

    private GetTelemetrySubscriptionsResponse() {
    }
}
