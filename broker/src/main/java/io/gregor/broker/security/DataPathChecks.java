package io.gregor.broker.security;

import io.gregor.broker.handlers.data.FetchReplica;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Produce and Fetch, checked as Kafka's KafkaApis checks them: a produce needs Write on each topic
 * (and on its transactional id, if it has one), a consumer fetch Read on each topic, a follower
 * fetch ClusterAction. Refused topics are taken out of the request before the handler sees it, so
 * a refused produce appends nothing, and come back in the response with TOPIC_AUTHORIZATION_FAILED.
 * One authorization per distinct topic per request; nothing per record. A consumer gets no
 * incremental fetch session while an authorizer is on (its full fetch at session epoch 0 is served
 * as a sessionless one, epoch -1, and answered with session id 0, after which Kafka's clients keep
 * fetching in full): every fetch then names every partition it reads, so each is checked here, and
 * an ACL removed later stops the reads at once. Followers (ClusterAction) keep their sessions.
 * Stateless.
 */
final class DataPathChecks {
    private DataPathChecks() {
    }

    static ApiCheck produce() {
        return (auth, context, request, next) -> {
            String transactionalId = request.getString(ProduceRequest.TRANSACTIONAL_ID);
            List<Struct> topics = request.getStructs(ProduceRequest.TOPIC_DATA);
            if (transactionalId != null && !auth.authorize(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId)) {
                return CompletableFuture.completedFuture(produceErrors(topics, List.of(),
                        Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, request.getShort(ProduceRequest.ACKS)));
            }
            Map<String, Boolean> decisions = new HashMap<>();
            List<Struct> allowed = new ArrayList<>(topics.size());
            List<Struct> denied = new ArrayList<>();
            for (Struct topic : topics) {
                String name = topic.getString(ProduceRequest.TopicData.NAME);
                if (decisions.computeIfAbsent(name, n -> auth.authorize(AclOperation.WRITE, ResourceType.TOPIC, n))) {
                    allowed.add(topic);
                } else {
                    denied.add(topic);
                }
            }
            if (denied.isEmpty()) {
                return next.handle(context, request);
            }
            request.set(ProduceRequest.TOPIC_DATA, allowed);
            if (allowed.isEmpty()) {
                return CompletableFuture.completedFuture(produceErrors(List.of(), denied,
                        Errors.TOPIC_AUTHORIZATION_FAILED, request.getShort(ProduceRequest.ACKS)));
            }
            return next.handle(context, request).thenApply(response -> response == null ? null
                    : addProduceErrors(response, denied, Errors.TOPIC_AUTHORIZATION_FAILED));
        };
    }

    private static Struct produceErrors(List<Struct> topics, List<Struct> denied, Errors error, short acks) {
        if (acks == 0) {
            return null; // acks=0: no response, and nothing was appended
        }
        Struct response = ApiMessages.response(ApiKey.PRODUCE).newStruct();
        addProduceErrors(response, topics, error);
        return addProduceErrors(response, denied, Errors.TOPIC_AUTHORIZATION_FAILED);
    }

    private static Struct addProduceErrors(Struct response, List<Struct> topics, Errors error) {
        for (Struct topic : topics) {
            Struct out = response.addElement(ProduceResponse.RESPONSES)
                    .set(ProduceResponse.Responses.NAME, topic.getString(ProduceRequest.TopicData.NAME));
            for (Struct partition : topic.getStructs(ProduceRequest.TopicData.PARTITION_DATA)) {
                out.addElement(ProduceResponse.Responses.PARTITION_RESPONSES)
                        .set(ProduceResponse.Responses.PartitionResponses.INDEX,
                                partition.getInt(ProduceRequest.TopicData.PartitionData.INDEX))
                        .set(ProduceResponse.Responses.PartitionResponses.ERROR_CODE, error.code())
                        .set(ProduceResponse.Responses.PartitionResponses.BASE_OFFSET, -1L);
            }
        }
        return response;
    }

    static ApiCheck fetch(Function<UUID, Optional<String>> topicNames) {
        return (auth, context, request, next) -> {
            short version = context.apiVersion();
            boolean byId = version >= 13;
            List<Struct> topics = request.getStructs(FetchRequest.TOPICS);
            if (FetchReplica.of(version, request).isFollower()) {
                if (auth.authorizeCluster(AclOperation.CLUSTER_ACTION)) {
                    return next.handle(context, request);
                }
                Struct response = ApiMessages.response(ApiKey.FETCH).newStruct()
                        .set(FetchResponse.ERROR_CODE, Errors.NONE.code()).set(FetchResponse.SESSION_ID, 0);
                return CompletableFuture.completedFuture(addFetchErrors(response, topics, byId));
            }
            if (version >= 7 && request.getInt(FetchRequest.SESSION_EPOCH) == 0) {
                request.set(FetchRequest.SESSION_EPOCH, -1);
            }
            Map<String, Boolean> decisions = new HashMap<>();
            List<Struct> allowed = new ArrayList<>(topics.size());
            List<Struct> denied = new ArrayList<>();
            for (Struct topic : topics) {
                String name = byId ? topicNames.apply(topic.getUuid(FetchRequest.Topics.TOPIC_ID)).orElse(null)
                        : topic.getString(FetchRequest.Topics.TOPIC);
                // an unknown topic id is the handler's to answer (UNKNOWN_TOPIC_ID)
                if (name == null || decisions.computeIfAbsent(name, n -> auth.authorize(AclOperation.READ, ResourceType.TOPIC, n))) {
                    allowed.add(topic);
                } else {
                    denied.add(topic);
                }
            }
            if (denied.isEmpty()) {
                return next.handle(context, request);
            }
            request.set(FetchRequest.TOPICS, allowed);
            return next.handle(context, request).thenApply(response -> response == null ? null
                    : addFetchErrors(response, denied, byId));
        };
    }

    private static Struct addFetchErrors(Struct response, List<Struct> topics, boolean byId) {
        for (Struct topic : topics) {
            Struct out = response.addElement(FetchResponse.RESPONSES);
            if (byId) {
                out.set(FetchResponse.Responses.TOPIC_ID, topic.getUuid(FetchRequest.Topics.TOPIC_ID));
            } else {
                out.set(FetchResponse.Responses.TOPIC, topic.getString(FetchRequest.Topics.TOPIC));
            }
            for (Struct partition : topic.getStructs(FetchRequest.Topics.PARTITIONS)) {
                out.addElement(FetchResponse.Responses.PARTITIONS)
                        .set(FetchResponse.Responses.Partitions.PARTITION_INDEX,
                                partition.getInt(FetchRequest.Topics.Partitions.PARTITION))
                        .set(FetchResponse.Responses.Partitions.ERROR_CODE, Errors.TOPIC_AUTHORIZATION_FAILED.code())
                        .set(FetchResponse.Responses.Partitions.HIGH_WATERMARK, -1L)
                        .set(FetchResponse.Responses.Partitions.RECORDS, MemoryRecords.EMPTY);
            }
        }
        return response;
    }
}
