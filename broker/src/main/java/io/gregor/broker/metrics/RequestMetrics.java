package io.gregor.broker.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.gregor.broker.handlers.data.FetchReplica;
import io.gregor.broker.network.RequestObserver;
import io.gregor.broker.network.RequestTimes;
import io.gregor.broker.network.SocketServer;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Struct;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Kafka's request metrics: per request name ({@code request=Produce}, {@code FetchConsumer},
 * {@code FetchFollower}, {@code Fetch}, {@code Metadata}, ... Kafka's API names) the histograms
 * {@code kafka.network:type=RequestMetrics,name=TotalTimeMs|RequestQueueTimeMs|LocalTimeMs|RemoteTimeMs|
 * ThrottleTimeMs|ResponseQueueTimeMs|ResponseSendTimeMs|RequestBytes,request=..}, per request name
 * and version the meter {@code name=RequestsPerSec,request=..,version=..}, and per API name and error
 * the meter {@code name=ErrorsPerSec,request=..,error=..} (Kafka's error names, NONE included),
 * marked for every ErrorCode in the response ({@link ResponseErrorCodes}: the message's, each
 * topic's and partition's, as Kafka counts them); a Fetch counts under FetchConsumer or
 * FetchFollower (replica id &gt;= 0) and under Fetch, as in Kafka, its errors under Fetch. Also the
 * handler pool's {@code kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent}
 * and, once {@link #watch} is given the socket server, its gauges
 * {@code kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent} and
 * {@code kafka.network:type=RequestChannel,name=RequestQueueSize|ResponseQueueSize}.
 *
 * <p>Cost on the request path: the histograms of every API are made at construction and the
 * per-version meters on a version's first request, all kept in arrays indexed by API and version,
 * so a request finds its metrics without any lookup by name; recording is one meter mark and one
 * update per histogram (an HdrHistogram recorder over the last 30-60 s, {@link WindowedHdrReservoir}:
 * wait-free, where the decaying sample Kafka's Yammer histograms use cost a sorted-map insert per
 * value, 10% of a small-record producer's broker CPU), once per request. Times are whole milliseconds rounded as Kafka rounds them. Thread safe.
 */
public final class RequestMetrics implements RequestObserver {
    static final String DOMAIN = "kafka.network";
    static final String TYPE = "RequestMetrics";
    static final String FETCH_CONSUMER = "FetchConsumer";
    static final String FETCH_FOLLOWER = "FetchFollower";
    static final String HANDLER_IDLE = KafkaMetricName.of("kafka.server", "KafkaRequestHandlerPool",
            "RequestHandlerAvgIdlePercent");

    private final MetricRegistry registry;
    private final Meter handlerIdle;
    /** Per API (by ordinal); the Fetch entry is unused: Fetch requests count as {@link #fetchConsumer} or {@link #fetchFollower}. */
    private final Kind[] byApi;
    private final Kind fetchConsumer;
    private final Kind fetchFollower;

    public RequestMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.handlerIdle = registry.register(HANDLER_IDLE, new IdleFractionMeter());
        ApiKey[] apis = ApiKey.values();
        this.byApi = new Kind[apis.length];
        for (ApiKey api : apis) {
            if (api != ApiKey.FETCH) {
                byApi[api.ordinal()] = new Kind(api, new Phases(registry, api.title));
            }
        }
        Phases fetch = new Phases(registry, ApiKey.FETCH.title);
        this.fetchConsumer = new Kind(ApiKey.FETCH, new Phases(registry, FETCH_CONSUMER), fetch);
        this.fetchFollower = new Kind(ApiKey.FETCH, new Phases(registry, FETCH_FOLLOWER), fetch);
    }

    /** Publishes the socket server's queue sizes and network thread idleness as Kafka's gauges. */
    public void watch(SocketServer server) {
        registry.register(KafkaMetricName.of(DOMAIN, "SocketServer", "NetworkProcessorAvgIdlePercent"),
                (Gauge<Double>) server::networkThreadsAvgIdle);
        registry.register(KafkaMetricName.of(DOMAIN, "RequestChannel", "RequestQueueSize"),
                (Gauge<Integer>) server::requestQueueSize);
        registry.register(KafkaMetricName.of(DOMAIN, "RequestChannel", "ResponseQueueSize"),
                (Gauge<Integer>) server::responseQueueSize);
    }

    @Override
    public Stats statsFor(ApiKey api, short version, Struct request) {
        Kind kind = api == ApiKey.FETCH
                ? (FetchReplica.of(version, request).isFollower() ? fetchFollower : fetchConsumer)
                : byApi[api.ordinal()];
        return kind.version(version);
    }

    @Override
    public void handlerIdle(long nanosPerThread) {
        if (nanosPerThread > 0) {
            handlerIdle.mark(nanosPerThread);
        }
    }

    /** One request name's histograms (Kafka's RequestMetrics of one {@code request=}) and error meters. */
    private static final class Phases {
        /** Error codes run from -1 (UNKNOWN_SERVER_ERROR) up; a code past this range counts as that. */
        private static final int MAX_ERROR_CODE = 200;

        final MetricRegistry registry;
        final String requestName;
        /** ErrorsPerSec by error code + 1, made on the error's first occurrence. */
        final AtomicReferenceArray<Meter> errors = new AtomicReferenceArray<>(MAX_ERROR_CODE + 2);
        final Histogram totalTime;
        final Histogram requestQueueTime;
        final Histogram localTime;
        final Histogram remoteTime;
        final Histogram throttleTime;
        final Histogram responseQueueTime;
        final Histogram responseSendTime;
        final Histogram requestBytes;

        Phases(MetricRegistry registry, String request) {
            this.registry = registry;
            requestName = request;
            totalTime = histogram(registry, "TotalTimeMs", request);
            requestQueueTime = histogram(registry, "RequestQueueTimeMs", request);
            localTime = histogram(registry, "LocalTimeMs", request);
            remoteTime = histogram(registry, "RemoteTimeMs", request);
            throttleTime = histogram(registry, "ThrottleTimeMs", request);
            responseQueueTime = histogram(registry, "ResponseQueueTimeMs", request);
            responseSendTime = histogram(registry, "ResponseSendTimeMs", request);
            requestBytes = histogram(registry, "RequestBytes", request);
        }

        Meter errorMeter(short code) {
            int slot = code < -1 || code > MAX_ERROR_CODE ? 0 : code + 1;
            Meter meter = errors.get(slot);
            if (meter == null) {
                Errors error = slot == 0 ? Errors.UNKNOWN_SERVER_ERROR : Errors.forCode(code);
                meter = registry.meter(KafkaMetricName.of(DOMAIN, TYPE, "ErrorsPerSec") + ",request=" + requestName
                        + ",error=" + error.name());
                errors.set(slot, meter); // racing first uses get the same meter from the registry
            }
            return meter;
        }

        void record(RequestTimes t) {
            requestQueueTime.update(millis(t.dequeuedNanos() - t.receivedNanos()));
            localTime.update(millis(t.localDoneNanos() - t.dequeuedNanos()));
            remoteTime.update(millis(t.responseDoneNanos() - t.localDoneNanos()));
            throttleTime.update(t.throttleTimeMs());
            responseQueueTime.update(millis(t.responseDequeuedNanos() - t.responseDoneNanos()));
            responseSendTime.update(millis(t.sentNanos() - t.responseDequeuedNanos()));
            totalTime.update(millis(t.sentNanos() - t.receivedNanos()));
            requestBytes.update(t.requestBytes());
        }

        private static Histogram histogram(MetricRegistry registry, String name, String request) {
            return registry.register(KafkaMetricName.of(DOMAIN, TYPE, name) + ",request=" + request,
                    new Histogram(new WindowedHdrReservoir()));
        }

        /** Kafka's rounding: a negative span (clock skew between threads) counts as 0, then to the nearest millisecond. */
        private static long millis(long nanos) {
            return Math.round(Math.max(0L, nanos) / 1_000_000.0);
        }
    }

    /**
     * What one kind of request counts into: its request names' histograms, and per version (made on
     * the version's first request) its RequestsPerSec meters.
     */
    private final class Kind {
        final ApiKey api;
        final Phases[] phases;
        final AtomicReferenceArray<VersionStats> versions;

        /** @param phases the request names counted into; the last is the API's own name (errors go there) */
        Kind(ApiKey api, Phases... phases) {
            this.api = api;
            this.phases = phases;
            this.versions = new AtomicReferenceArray<>(api.maxVersion + 1);
        }

        Stats version(short version) {
            if (version < 0 || version >= versions.length()) {
                return Stats.NONE; // never served: unsupported versions do not reach the handlers
            }
            VersionStats stats = versions.get(version);
            if (stats == null) {
                Meter[] rates = new Meter[phases.length];
                for (int i = 0; i < phases.length; i++) {
                    // get-or-create: FetchConsumer and FetchFollower share Fetch's meter of a version
                    rates[i] = registry.meter(KafkaMetricName.of(DOMAIN, TYPE, "RequestsPerSec") + ",request="
                            + phases[i].requestName + ",version=" + version);
                }
                MessageSpec response = ApiMessages.spec(api, MessageType.RESPONSE);
                ResponseErrorCodes codes = response == null ? null : ResponseErrorCodes.of(response.schema(), version);
                VersionStats made = new VersionStats(rates, phases, phases[phases.length - 1], codes);
                stats = versions.compareAndSet(version, null, made) ? made : versions.get(version);
            }
            return stats;
        }
    }

    /** One kind of request at one version; {@code errorCodes} null when its responses carry none. */
    private record VersionStats(Meter[] rates, Phases[] phases, Phases apiPhases, ResponseErrorCodes errorCodes)
            implements Stats, ResponseErrorCodes.Sink {
        @Override
        public void responded(Struct response) {
            if (errorCodes != null) {
                int none = errorCodes.count(response, this);
                if (none > 0) {
                    apiPhases.errorMeter(Errors.NONE.code()).mark(none);
                }
            }
        }

        @Override
        public void error(short code) {
            apiPhases.errorMeter(code).mark();
        }

        @Override
        public void record(RequestTimes times) {
            for (Meter rate : rates) {
                rate.mark();
            }
            for (Phases p : phases) {
                p.record(times);
            }
        }
    }
}
