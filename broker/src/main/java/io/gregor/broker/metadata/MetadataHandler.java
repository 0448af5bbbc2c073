package io.gregor.broker.metadata;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Brokers;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics.Partitions;
import io.gregor.coordination.zk.EndPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Metadata (v0-12) from the {@link MetadataCache}: brokers with their endpoint on the
 * listener the request came in on, cluster and controller ids, and the requested topics (all when
 * the request's list is null, or empty in v0). Unknown topics are answered with
 * UNKNOWN_TOPIC_OR_PARTITION, or, when {@code auto.create.topics.enable} is on and the request
 * allows it, handed to the {@link AutoTopicCreator} and answered with LEADER_NOT_AVAILABLE (or
 * the creation's refusal, e.g. POLICY_VIOLATION past {@code max.partitions.per.request}).
 * Partitions without a live leader on that listener get LEADER_NOT_AVAILABLE and leader -1.
 */
public final class MetadataHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);

    private final MetadataCache cache;
    private final BooleanSupplier autoCreateTopicsEnable;
    private final Supplier<AutoTopicCreator> autoTopicCreator;

    /**
     * @param autoTopicCreator supplies the creator, or null while none is wired (auto-creation then
     *                         answers UNKNOWN_TOPIC_OR_PARTITION)
     */
    public MetadataHandler(MetadataCache cache, BooleanSupplier autoCreateTopicsEnable,
                           Supplier<AutoTopicCreator> autoTopicCreator) {
        this.cache = cache;
        this.autoCreateTopicsEnable = autoCreateTopicsEnable;
        this.autoTopicCreator = autoTopicCreator;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        MetadataCache.Snapshot snapshot = cache.snapshot();
        String listener = context.listenerName();
        Struct response = ApiMessages.response(ApiKey.METADATA).newStruct()
                .set(MetadataResponse.THROTTLE_TIME_MS, 0)
                .set(MetadataResponse.CLUSTER_ID, cache.clusterId())
                .set(MetadataResponse.CONTROLLER_ID, cache.controllerId(snapshot));
        for (LiveBroker broker : snapshot.liveBrokers().values()) {
            broker.endpoint(listener).ifPresent(e -> response.addElement(MetadataResponse.BROKERS)
                    .set(Brokers.NODE_ID, broker.id())
                    .set(Brokers.HOST, e.host()).set(Brokers.PORT, e.port()).set(Brokers.RACK, broker.rack()));
        }
        response.set(MetadataResponse.CLUSTER_AUTHORIZED_OPERATIONS, AuthorizedOperations.ifRequested(
                version >= 8 && request.getBool(MetadataRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS),
                AuthorizedOperations.CLUSTER));
        List<Struct> requested = request.getStructs(MetadataRequest.TOPICS);
        if (requested == null || (version == 0 && requested.isEmpty())) {
            snapshot.topics().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(t -> addTopic(response, t, snapshot, listener));
            return CompletableFuture.completedFuture(withTopicOperations(response, request, version));
        }
        boolean allowAutoCreate = version < 4 || request.getBool(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION);
        Map<String, Struct> toCreate = new LinkedHashMap<>();
        for (Struct wanted : requested) {
            String name = wanted.getString(MetadataRequest.Topics.NAME);
            UUID id = version >= 10 ? wanted.getUuid(MetadataRequest.Topics.TOPIC_ID) : Field.ZERO_UUID;
            if (name == null) {
                String byId = snapshot.topicNamesById().get(id);
                if (byId == null) {
                    response.addElement(MetadataResponse.TOPICS)
                            .set(MetadataResponse.Topics.ERROR_CODE, Errors.UNKNOWN_TOPIC_ID.code())
                            .set(MetadataResponse.Topics.NAME, version >= 12 ? null : "")
                            .set(MetadataResponse.Topics.TOPIC_ID, id);
                    continue;
                }
                name = byId;
            }
            TopicMetadata topic = snapshot.topics().get(name);
            if (topic != null) {
                addTopic(response, topic, snapshot, listener);
            } else if (!TopicNames.isValid(name)) {
                addError(response, name, Errors.INVALID_TOPIC_EXCEPTION);
            } else if (allowAutoCreate && autoCreateTopicsEnable.getAsBoolean() && creator().isPresent()) {
                toCreate.put(name, addError(response, name, Errors.LEADER_NOT_AVAILABLE));
            } else {
                addError(response, name, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        if (!toCreate.isEmpty()) {
            try {
                creator().get().createTopics(toCreate.keySet()).forEach((topic, error) -> {
                    Struct entry = toCreate.get(topic);
                    if (entry != null) {
                        entry.set(MetadataResponse.Topics.ERROR_CODE, error.code());
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Auto-creation of topics {} for client {} (correlation id {}) failed: {}", toCreate,
                        context.clientId(), context.correlationId(), e.toString());
            }
        }
        return CompletableFuture.completedFuture(withTopicOperations(response, request, version));
    }

    /** Every topic entry reports all topic operations when asked (v8+), as Kafka without an authorizer. */
    private static Struct withTopicOperations(Struct response, Struct request, short version) {
        if (version >= 8 && request.getBool(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS)) {
            for (Struct topic : response.getStructs(MetadataResponse.TOPICS)) {
                topic.set(MetadataResponse.Topics.TOPIC_AUTHORIZED_OPERATIONS, AuthorizedOperations.TOPIC);
            }
        }
        return response;
    }

    private Optional<AutoTopicCreator> creator() {
        return Optional.ofNullable(autoTopicCreator == null ? null : autoTopicCreator.get());
    }

    private static Struct addError(Struct response, String name, Errors error) {
        return response.addElement(MetadataResponse.TOPICS).set(MetadataResponse.Topics.ERROR_CODE, error.code())
                .set(MetadataResponse.Topics.NAME, name)
                .set(MetadataResponse.Topics.TOPIC_ID, Field.ZERO_UUID)
                .set(MetadataResponse.Topics.IS_INTERNAL, TopicMetadata.isInternal(name));
    }

    private static void addTopic(Struct response, TopicMetadata topic, MetadataCache.Snapshot snapshot, String listener) {
        Struct t = response.addElement(MetadataResponse.TOPICS)
                .set(MetadataResponse.Topics.ERROR_CODE, Errors.NONE.code())
                .set(MetadataResponse.Topics.NAME, topic.name())
                .set(MetadataResponse.Topics.TOPIC_ID, topic.topicId())
                .set(MetadataResponse.Topics.IS_INTERNAL, topic.isInternal());
        for (PartitionMetadata p : topic.partitions().values()) {
            LiveBroker leader = snapshot.liveBrokers().get(p.leader());
            Optional<EndPoint> leaderEndpoint = leader == null ? Optional.empty() : leader.endpoint(listener);
            Errors error = leaderEndpoint.isPresent() ? Errors.NONE
                    : leader != null ? Errors.LISTENER_NOT_FOUND : Errors.LEADER_NOT_AVAILABLE;
            t.addElement(MetadataResponse.Topics.PARTITIONS).set(Partitions.ERROR_CODE, error.code())
                    .set(Partitions.PARTITION_INDEX, p.partition())
                    .set(Partitions.LEADER_ID, leaderEndpoint.isPresent() ? p.leader() : -1)
                    .set(Partitions.LEADER_EPOCH, p.leaderEpoch())
                    .set(Partitions.REPLICA_NODES, p.replicas()).set(Partitions.ISR_NODES, p.isr())
                    .set(Partitions.OFFLINE_REPLICAS, p.offlineReplicas());
        }
    }
}
