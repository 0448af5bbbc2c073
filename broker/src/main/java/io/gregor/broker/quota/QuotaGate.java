package io.gregor.broker.quota;

import io.gregor.broker.handlers.data.FetchReplica;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.record.Records;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Puts the client quotas in front of the handlers, as Kafka's KafkaApis does: a Produce records
 * its record bytes against {@code producer_byte_rate}, a consumer's Fetch its response's record
 * bytes against {@code consumer_byte_rate} (a throttled fetch is answered empty and its bytes taken
 * back), and every request its handler's time against {@code request_percentage}. The largest
 * throttle goes into the response's {@code ThrottleTimeMs}; the connection then mutes itself for
 * that long (ConnectionHandler, ReadGate THROTTLED). Cluster-action APIs and follower fetches are
 * exempt. The quota user is the name of the connection's principal ({@code ANONYMOUS} without
 * authentication), as in Kafka. Thread-safe.
 */
public final class QuotaGate {
    private static final Set<ApiKey> EXEMPT = EnumSet.of(ApiKey.LEADER_AND_ISR, ApiKey.STOP_REPLICA,
            ApiKey.UPDATE_METADATA, ApiKey.CONTROLLED_SHUTDOWN, ApiKey.ALTER_PARTITION, ApiKey.API_VERSIONS);

    private final ClientQuotaManager produce;
    private final ClientQuotaManager fetch;
    private final ClientQuotaManager request;

    public QuotaGate(int samples, long windowMs, LongSupplier clockMs) {
        this.produce = new ClientQuotaManager(QuotaType.PRODUCE, samples, windowMs, clockMs);
        this.fetch = new ClientQuotaManager(QuotaType.FETCH, samples, windowMs, clockMs);
        this.request = new ClientQuotaManager(QuotaType.REQUEST, samples, windowMs, clockMs);
    }

    /** Applies the quota configs now in ZooKeeper. */
    public void updateConfigs(ClientQuotaConfigs configs) {
        produce.updateConfigs(configs);
        fetch.updateConfigs(configs);
        request.updateConfigs(configs);
    }

    /** Wraps every registered handler but the exempt ones; call after all are registered. */
    public void install(ApiHandlerRegistry registry) {
        for (ApiKey api : registry.registeredApis()) {
            if (!EXEMPT.contains(api)) {
                registry.wrap(api, handler -> quota(api, handler));
            }
        }
    }

    private ApiHandler quota(ApiKey api, ApiHandler handler) {
        Field<Integer> throttleField = ApiMessages.response(api).throttleTimeField();
        return (context, body) -> {
            boolean follower = api == ApiKey.FETCH && FetchReplica.of(context.apiVersion(), body).isFollower();
            if (follower) {
                return handler.handle(context, body);
            }
            String clientId = context.clientId() == null ? "" : context.clientId();
            String user = context.principal().name();
            long start = System.nanoTime();
            CompletableFuture<Struct> future = handler.handle(context, body);
            double percentSeconds = (System.nanoTime() - start) * 100.0 / 1_000_000_000L;
            int requestThrottle = request.recordAndGetThrottleTimeMs(user, clientId, percentSeconds);
            int produceThrottle = api == ApiKey.PRODUCE
                    ? produce.recordAndGetThrottleTimeMs(user, clientId, produceBytes(body)) : 0;
            if (throttleField == null) {
                return future;
            }
            return future.thenApply(response -> {
                if (response == null) {
                    return null; // acks=0: no response to carry the throttle
                }
                int throttle = Math.max(requestThrottle, produceThrottle);
                if (api == ApiKey.FETCH) {
                    long bytes = fetchBytes(response);
                    int fetchThrottle = fetch.recordAndGetThrottleTimeMs(user, clientId, bytes);
                    throttle = Math.max(throttle, fetchThrottle);
                    if (throttle > 0) {
                        fetch.unrecord(user, clientId, bytes);
                        response.set(FetchResponse.RESPONSES, List.of());
                    }
                }
                if (throttle > 0) {
                    response.set(throttleField, Math.max(throttle, response.getInt(throttleField)));
                }
                return response;
            });
        };
    }

    private static long produceBytes(Struct body) {
        long bytes = 0;
        for (Struct topic : body.getStructs(ProduceRequest.TOPIC_DATA)) {
            for (Struct partition : topic.getStructs(ProduceRequest.TopicData.PARTITION_DATA)) {
                Records records = partition.get(ProduceRequest.TopicData.PartitionData.RECORDS);
                bytes += records == null ? 0 : records.sizeInBytes();
            }
        }
        return bytes;
    }

    private static long fetchBytes(Struct response) {
        long bytes = 0;
        for (Struct topic : response.getStructs(FetchResponse.RESPONSES)) {
            for (Struct partition : topic.getStructs(FetchResponse.Responses.PARTITIONS)) {
                Records records = partition.get(FetchResponse.Responses.Partitions.RECORDS);
                bytes += records == null ? 0 : records.sizeInBytes();
            }
        }
        return bytes;
    }
}
