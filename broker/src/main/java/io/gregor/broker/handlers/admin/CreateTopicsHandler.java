package io.gregor.broker.handlers.admin;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.CreateTopicsRequest;
import io.gregor.clients.protocol.schemas.CreateTopicsRequest.Topics.Assignments;
import io.gregor.clients.protocol.schemas.CreateTopicsResponse;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.CreatedTopic;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.admin.TopicConfigKey;
import io.gregor.coordination.admin.TopicConfigs;
import io.gregor.coordination.zk.KafkaUuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * CreateTopics v0-7: validates and writes each topic through {@link TopicAdmin} (per-topic error
 * and message; -1 partitions/replication factor take the broker defaults; validate_only writes
 * nothing), then answers once every created topic has leaders in this broker's metadata, or with
 * REQUEST_TIMED_OUT for those still without at the request's timeout. From v5 a successful topic
 * reports its partition count, replication factor and effective configs; from v7 its topic id. A
 * request asking for more than {@code max.partitions.per.request} partitions in total is refused
 * (POLICY_VIOLATION for every topic) before anything is written.
 */
final class CreateTopicsHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(CreateTopicsHandler.class);

    private final TopicAdmin admin;
    private final Supplier<List<TopicConfigs.BrokerLayer>> brokerConfig;
    private final Predicate<String> topicHasLeaders;
    private final TopicWaiter waiter;

    CreateTopicsHandler(TopicAdmin admin, Supplier<List<TopicConfigs.BrokerLayer>> brokerConfig, Predicate<String> topicHasLeaders,
                        TopicWaiter waiter) {
        this.admin = admin;
        this.brokerConfig = brokerConfig;
        this.topicHasLeaders = topicHasLeaders;
        this.waiter = waiter;
    }

    private record Outcome(Errors error, String message, CreatedTopic created) {
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        boolean validateOnly = version >= 1 && request.getBool(CreateTopicsRequest.VALIDATE_ONLY);
        int timeoutMs = request.getInt(CreateTopicsRequest.TIMEOUT_MS);
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        request.getStructs(CreateTopicsRequest.TOPICS).forEach(t -> {
            if (!seen.add(t.getString(CreateTopicsRequest.Topics.NAME))) {
                duplicates.add(t.getString(CreateTopicsRequest.Topics.NAME));
            }
        });
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        AdminException overLimit = checkRequestedPartitions(request, duplicates);
        for (Struct topic : request.getStructs(CreateTopicsRequest.TOPICS)) {
            String name = topic.getString(CreateTopicsRequest.Topics.NAME);
            if (duplicates.contains(name)) {
                outcomes.put(name, new Outcome(Errors.INVALID_REQUEST,
                        "Create topics request from client `" + context.clientId() + "` contains multiple entries for the topic " + name, null));
                continue;
            }
            if (overLimit != null) {
                outcomes.put(name, new Outcome(overLimit.error(), overLimit.getMessage(), null));
                continue;
            }
            outcomes.put(name, create(topic, validateOnly, context));
        }
        List<String> created = outcomes.entrySet().stream()
                .filter(e -> e.getValue().error() == Errors.NONE && !validateOnly).map(Map.Entry::getKey).toList();
        if (created.isEmpty() || validateOnly) {
            return CompletableFuture.completedFuture(response(outcomes, Set.of(), version));
        }
        if (timeoutMs <= 0) {
            return CompletableFuture.completedFuture(response(outcomes, Set.copyOf(created), version));
        }
        return waiter.await(created, topicHasLeaders, timeoutMs).thenApply(timedOut -> response(outcomes, timedOut, version));
    }

    /**
     * The request's partitions in total (manual assignments, counts, -1 as {@code num.partitions}),
     * checked against {@code max.partitions.per.request} before any topic is looked at: the refusal
     * (POLICY_VIOLATION for every topic, as Kafka's controller answers a request too large for it), or null.
     */
    private AdminException checkRequestedPartitions(Struct request, Set<String> duplicates) {
        long total = 0;
        for (Struct topic : request.getStructs(CreateTopicsRequest.TOPICS)) {
            if (duplicates.contains(topic.getString(CreateTopicsRequest.Topics.NAME))) {
                continue;
            }
            int assigned = topic.getStructs(CreateTopicsRequest.Topics.ASSIGNMENTS).size();
            int count = topic.getInt(CreateTopicsRequest.Topics.NUM_PARTITIONS) == -1 ? admin.defaultNumPartitions() : topic.getInt(CreateTopicsRequest.Topics.NUM_PARTITIONS);
            total += assigned > 0 ? assigned : Math.max(0, count);
        }
        try {
            admin.partitionLimits().checkRequest(total);
            return null;
        } catch (AdminException e) {
            return e;
        }
    }

    private Outcome create(Struct topic, boolean validateOnly, RequestContext context) {
        String name = topic.getString(CreateTopicsRequest.Topics.NAME);
        try {
            Map<Integer, List<Integer>> assignments = new HashMap<>();
            for (Struct a : topic.getStructs(CreateTopicsRequest.Topics.ASSIGNMENTS)) {
                if (assignments.put(a.getInt(Assignments.PARTITION_INDEX),
                        a.getArray(Assignments.BROKER_IDS)) != null) {
                    throw new AdminException(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "Duplicate partition " + a.getInt(CreateTopicsRequest.Topics.Assignments.PARTITION_INDEX) + " in the assignment of " + name);
                }
            }
            Map<String, String> configs = new HashMap<>();
            for (Struct c : topic.getStructs(CreateTopicsRequest.Topics.CONFIGS)) {
                if (c.getString(CreateTopicsRequest.Topics.Configs.VALUE) == null) {
                    throw new AdminException(Errors.INVALID_CONFIG, "Null value not supported for topic config "
                            + c.getString(CreateTopicsRequest.Topics.Configs.NAME));
                }
                configs.put(c.getString(CreateTopicsRequest.Topics.Configs.NAME),
                        c.getString(CreateTopicsRequest.Topics.Configs.VALUE));
            }
            CreatedTopic created = admin.createTopic(new NewTopic(name,
                    topic.getInt(CreateTopicsRequest.Topics.NUM_PARTITIONS),
                    topic.getShort(CreateTopicsRequest.Topics.REPLICATION_FACTOR), assignments, configs), validateOnly);
            return new Outcome(Errors.NONE, null, created);
        } catch (AdminException e) {
            return new Outcome(e.error(), e.getMessage(), null);
        } catch (RuntimeException e) {
            log.error("CreateTopics of '{}' failed (client {}, correlation id {})", name, context.clientId(),
                    context.correlationId(), e);
            return new Outcome(Errors.UNKNOWN_SERVER_ERROR, e.toString(), null);
        }
    }

    private Struct response(Map<String, Outcome> outcomes, Set<String> timedOut, short version) {
        Struct response = ApiMessages.response(ApiKey.CREATE_TOPICS).newStruct();
        outcomes.forEach((name, outcome) -> {
            Struct topic = response.addElement(CreateTopicsResponse.TOPICS).set(CreateTopicsResponse.Topics.NAME, name);
            Errors error = timedOut.contains(name) ? Errors.REQUEST_TIMED_OUT : outcome.error();
            topic.set(CreateTopicsResponse.Topics.ERROR_CODE, error.code());
            if (version >= 1) {
                topic.set(CreateTopicsResponse.Topics.ERROR_MESSAGE,
                        timedOut.contains(name) ? "Timed out waiting for the leaders of " + name
                        : outcome.message());
            }
            CreatedTopic created = outcome.created();
            if (version >= 5 && created != null && error == Errors.NONE) {
                topic.set(CreateTopicsResponse.Topics.NUM_PARTITIONS, created.numPartitions())
                        .set(CreateTopicsResponse.Topics.REPLICATION_FACTOR, created.replicationFactor());
                List<TopicConfigs.BrokerLayer> layers = brokerConfig.get();
                for (TopicConfigKey key : TopicConfigs.keys().values()) {
                    TopicConfigs.Synonym effective = TopicConfigs.resolve(key, created.configs(), layers).get(0);
                    topic.addElement(CreateTopicsResponse.Topics.CONFIGS)
                            .set(CreateTopicsResponse.Topics.Configs.NAME, key.name())
                            .set(CreateTopicsResponse.Topics.Configs.VALUE, effective.value())
                            .set(CreateTopicsResponse.Topics.Configs.READ_ONLY, false)
                            .set(CreateTopicsResponse.Topics.Configs.CONFIG_SOURCE, effective.source().code)
                            .set(CreateTopicsResponse.Topics.Configs.IS_SENSITIVE, false);
                }
                if (version >= 7 && created.topicId() != null) {
                    topic.set(CreateTopicsResponse.Topics.TOPIC_ID, uuid(created.topicId()));
                }
            }
        });
        return response;
    }

    static UUID uuid(KafkaUuid id) {
        return new UUID(id.mostSignificantBits(), id.leastSignificantBits());
    }
}
