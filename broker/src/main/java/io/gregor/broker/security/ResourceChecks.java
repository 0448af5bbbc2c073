package io.gregor.broker.security;

import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterClientQuotasRequest;
import io.gregor.clients.protocol.schemas.AlterClientQuotasResponse;
import io.gregor.clients.protocol.schemas.AlterConfigsRequest;
import io.gregor.clients.protocol.schemas.AlterConfigsResponse;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsRequest;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsResponse;
import io.gregor.clients.protocol.schemas.CreatePartitionsRequest;
import io.gregor.clients.protocol.schemas.CreatePartitionsResponse;
import io.gregor.clients.protocol.schemas.CreateTopicsRequest;
import io.gregor.clients.protocol.schemas.CreateTopicsResponse;
import io.gregor.clients.protocol.schemas.DeleteRecordsRequest;
import io.gregor.clients.protocol.schemas.DeleteRecordsResponse;
import io.gregor.clients.protocol.schemas.DeleteTopicsRequest;
import io.gregor.clients.protocol.schemas.DeleteTopicsResponse;
import io.gregor.clients.protocol.schemas.DescribeConfigsRequest;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsRequest;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsResponse;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochRequest;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochResponse;
import io.gregor.coordination.acl.AclOperation;
import io.gregor.coordination.acl.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The admin and offset APIs that name topics or config resources, checked per resource as Kafka's
 * KafkaApis does: the refused entries are taken out of the request and answered with the
 * authorization error, the rest go to the handler. ListOffsets and OffsetForLeaderEpoch need
 * Describe on the topic (OffsetForLeaderEpoch: or ClusterAction), CreateTopics Create on the
 * cluster or the topic, DeleteTopics Delete (and Describe when named by id), CreatePartitions
 * Alter, DeleteRecords Delete; DescribeConfigs/AlterConfigs/IncrementalAlterConfigs
 * DescribeConfigs/AlterConfigs on the topic, or on the cluster for broker and broker-logger
 * resources; AlterReplicaLogDirs Alter on the cluster; AlterClientQuotas AlterConfigs on the
 * cluster; InitProducerId Write on its transactional id, or else IdempotentWrite on the cluster or
 * Write on some topic. Stateless.
 */
final class ResourceChecks {
    private static final byte CONFIG_TOPIC = 2;

    private ResourceChecks() {
    }

    /** Decides one request entry: null to pass it on, else the error to answer it with. */
    @FunctionalInterface
    private interface Decision {
        Errors refusal(RequestAuthorizer auth, Struct entry);
    }

    /**
     * The per-entry check: entries of {@code requestList} refused by {@code decision} are removed
     * and answered by an element of {@code responseList} that {@code answer} fills in.
     */
    private static ApiCheck perEntry(ApiKey api, Field<List<Struct>> requestList, Decision decision,
                                     Field<List<Struct>> responseList, Answer answer) {
        return (auth, context, request, next) -> {
            List<Struct> entries = request.getStructs(requestList);
            List<Struct> allowed = new ArrayList<>(entries.size());
            Map<Struct, Errors> refused = new java.util.LinkedHashMap<>();
            for (Struct entry : entries) {
                Errors error = decision.refusal(auth, entry);
                if (error == null) {
                    allowed.add(entry);
                } else {
                    refused.put(entry, error);
                }
            }
            if (refused.isEmpty()) {
                return next.handle(context, request);
            }
            request.set(requestList, allowed);
            CompletableFuture<Struct> answered = allowed.isEmpty()
                    ? CompletableFuture.completedFuture(ApiMessages.response(api).newStruct())
                    : next.handle(context, request);
            return answered.thenApply(response -> {
                refused.forEach((entry, error) -> answer.fill(entry, response.addElement(responseList), error, context));
                return response;
            });
        };
    }

    @FunctionalInterface
    private interface Answer {
        void fill(Struct requestEntry, Struct responseEntry, Errors error, RequestContext context);
    }

    private static Decision topic(AclOperation operation, Function<Struct, String> name) {
        return (auth, entry) -> auth.authorize(operation, ResourceType.TOPIC, name.apply(entry))
                ? null : Errors.TOPIC_AUTHORIZATION_FAILED;
    }

    static ApiCheck listOffsets() {
        return perEntry(ApiKey.LIST_OFFSETS, ListOffsetsRequest.TOPICS,
                topic(AclOperation.DESCRIBE, t -> t.getString(ListOffsetsRequest.Topics.NAME)),
                ListOffsetsResponse.TOPICS, (topic, out, error, context) -> {
                    out.set(ListOffsetsResponse.Topics.NAME, topic.getString(ListOffsetsRequest.Topics.NAME));
                    for (Struct p : topic.getStructs(ListOffsetsRequest.Topics.PARTITIONS)) {
                        Struct partition = out.addElement(ListOffsetsResponse.Topics.PARTITIONS)
                                .set(ListOffsetsResponse.Topics.Partitions.PARTITION_INDEX,
                                        p.getInt(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX))
                                .set(ListOffsetsResponse.Topics.Partitions.ERROR_CODE, error.code());
                        if (context.apiVersion() == 0) {
                            partition.set(ListOffsetsResponse.Topics.Partitions.OLD_STYLE_OFFSETS, List.of());
                        } else {
                            partition.set(ListOffsetsResponse.Topics.Partitions.TIMESTAMP, -1L)
                                    .set(ListOffsetsResponse.Topics.Partitions.OFFSET, -1L);
                        }
                    }
                });
    }

    static ApiCheck offsetForLeaderEpoch() {
        ApiCheck perTopic = perEntry(ApiKey.OFFSET_FOR_LEADER_EPOCH, OffsetForLeaderEpochRequest.TOPICS,
                topic(AclOperation.DESCRIBE, t -> t.getString(OffsetForLeaderEpochRequest.Topics.TOPIC)),
                OffsetForLeaderEpochResponse.TOPICS, (topic, out, error, context) -> {
                    out.set(OffsetForLeaderEpochResponse.Topics.TOPIC, topic.getString(OffsetForLeaderEpochRequest.Topics.TOPIC));
                    for (Struct p : topic.getStructs(OffsetForLeaderEpochRequest.Topics.PARTITIONS)) {
                        out.addElement(OffsetForLeaderEpochResponse.Topics.PARTITIONS)
                                .set(OffsetForLeaderEpochResponse.Topics.Partitions.PARTITION,
                                        p.getInt(OffsetForLeaderEpochRequest.Topics.Partitions.PARTITION))
                                .set(OffsetForLeaderEpochResponse.Topics.Partitions.ERROR_CODE, error.code())
                                .set(OffsetForLeaderEpochResponse.Topics.Partitions.LEADER_EPOCH, -1)
                                .set(OffsetForLeaderEpochResponse.Topics.Partitions.END_OFFSET, -1L);
                    }
                });
        return (auth, context, request, next) -> auth.isAllowedOnCluster(AclOperation.CLUSTER_ACTION)
                ? next.handle(context, request) : perTopic.handle(auth, context, request, next);
    }

    /**
     * Create on the cluster or on each topic; and, as Kafka, a created topic's configs, partition
     * count and replication factor (v5+) only for a caller that may DescribeConfigs it, else
     * TopicConfigErrorCode TOPIC_AUTHORIZATION_FAILED.
     */
    static ApiCheck createTopics() {
        ApiCheck perTopic = perEntry(ApiKey.CREATE_TOPICS, CreateTopicsRequest.TOPICS,
                topic(AclOperation.CREATE, t -> t.getString(CreateTopicsRequest.Topics.NAME)),
                CreateTopicsResponse.TOPICS, (topic, out, error, context) -> {
                    out.set(CreateTopicsResponse.Topics.NAME, topic.getString(CreateTopicsRequest.Topics.NAME))
                            .set(CreateTopicsResponse.Topics.ERROR_CODE, error.code());
                    if (context.apiVersion() >= 1) {
                        out.set(CreateTopicsResponse.Topics.ERROR_MESSAGE, "Authorization failed.");
                    }
                    if (context.apiVersion() >= 5) {
                        out.set(CreateTopicsResponse.Topics.NUM_PARTITIONS, -1)
                                .set(CreateTopicsResponse.Topics.REPLICATION_FACTOR, (short) -1);
                    }
                });
        return (auth, context, request, next) -> {
            CompletableFuture<Struct> answered = auth.isAllowedOnCluster(AclOperation.CREATE)
                    ? next.handle(context, request) : perTopic.handle(auth, context, request, next);
            if (context.apiVersion() < 5) {
                return answered;
            }
            return answered.thenApply(response -> {
                for (Struct topic : response.getStructs(CreateTopicsResponse.TOPICS)) {
                    if (!auth.isAllowed(AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC,
                            topic.getString(CreateTopicsResponse.Topics.NAME))) {
                        topic.set(CreateTopicsResponse.Topics.TOPIC_CONFIG_ERROR_CODE, Errors.TOPIC_AUTHORIZATION_FAILED.code())
                                .set(CreateTopicsResponse.Topics.CONFIGS, List.of())
                                .set(CreateTopicsResponse.Topics.NUM_PARTITIONS, -1)
                                .set(CreateTopicsResponse.Topics.REPLICATION_FACTOR, (short) -1);
                    }
                }
                return response;
            });
        };
    }

    static ApiCheck createPartitions() {
        return perEntry(ApiKey.CREATE_PARTITIONS, CreatePartitionsRequest.TOPICS,
                topic(AclOperation.ALTER, t -> t.getString(CreatePartitionsRequest.Topics.NAME)),
                CreatePartitionsResponse.RESULTS, (topic, out, error, context) -> out
                        .set(CreatePartitionsResponse.Results.NAME, topic.getString(CreatePartitionsRequest.Topics.NAME))
                        .set(CreatePartitionsResponse.Results.ERROR_CODE, error.code()));
    }

    static ApiCheck deleteRecords() {
        return perEntry(ApiKey.DELETE_RECORDS, DeleteRecordsRequest.TOPICS,
                topic(AclOperation.DELETE, t -> t.getString(DeleteRecordsRequest.Topics.NAME)),
                DeleteRecordsResponse.TOPICS, (topic, out, error, context) -> {
                    out.set(DeleteRecordsResponse.Topics.NAME, topic.getString(DeleteRecordsRequest.Topics.NAME));
                    for (Struct p : topic.getStructs(DeleteRecordsRequest.Topics.PARTITIONS)) {
                        out.addElement(DeleteRecordsResponse.Topics.PARTITIONS)
                                .set(DeleteRecordsResponse.Topics.Partitions.PARTITION_INDEX,
                                        p.getInt(DeleteRecordsRequest.Topics.Partitions.PARTITION_INDEX))
                                .set(DeleteRecordsResponse.Topics.Partitions.LOW_WATERMARK, -1L)
                                .set(DeleteRecordsResponse.Topics.Partitions.ERROR_CODE, error.code());
                    }
                });
    }

    static ApiCheck deleteTopics(Function<UUID, Optional<String>> topicNames) {
        ApiCheck byStruct = perEntry(ApiKey.DELETE_TOPICS, DeleteTopicsRequest.TOPICS, (auth, entry) -> {
            String name = entry.getString(DeleteTopicsRequest.Topics.NAME);
            if (name == null) {
                name = topicNames.apply(entry.getUuid(DeleteTopicsRequest.Topics.TOPIC_ID)).orElse(null);
                if (name == null) {
                    return null; // an unknown id: the handler answers UNKNOWN_TOPIC_ID
                }
                if (!auth.authorize(AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                    return Errors.TOPIC_AUTHORIZATION_FAILED;
                }
            }
            return auth.authorize(AclOperation.DELETE, ResourceType.TOPIC, name) ? null : Errors.TOPIC_AUTHORIZATION_FAILED;
        }, DeleteTopicsResponse.RESPONSES, (topic, out, error, context) -> out
                .set(DeleteTopicsResponse.Responses.NAME, topic.getString(DeleteTopicsRequest.Topics.NAME))
                .set(DeleteTopicsResponse.Responses.TOPIC_ID, topic.getUuid(DeleteTopicsRequest.Topics.TOPIC_ID))
                .set(DeleteTopicsResponse.Responses.ERROR_CODE, error.code()));
        return (auth, context, request, next) -> {
            if (context.apiVersion() >= 6) {
                return byStruct.handle(auth, context, request, next);
            }
            List<String> allowed = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String name : request.getArray(DeleteTopicsRequest.TOPIC_NAMES)) {
                (auth.authorize(AclOperation.DELETE, ResourceType.TOPIC, name) ? allowed : refused).add(name);
            }
            if (refused.isEmpty()) {
                return next.handle(context, request);
            }
            request.set(DeleteTopicsRequest.TOPIC_NAMES, allowed);
            CompletableFuture<Struct> answered = allowed.isEmpty()
                    ? CompletableFuture.completedFuture(ApiMessages.response(ApiKey.DELETE_TOPICS).newStruct())
                    : next.handle(context, request);
            return answered.thenApply(response -> {
                refused.forEach(name -> response.addElement(DeleteTopicsResponse.RESPONSES)
                        .set(DeleteTopicsResponse.Responses.NAME, name)
                        .set(DeleteTopicsResponse.Responses.ERROR_CODE, Errors.TOPIC_AUTHORIZATION_FAILED.code()));
                return response;
            });
        };
    }

    /** A config resource: topics by their own ACLs, brokers and broker loggers by the cluster's. */
    private static Decision config(AclOperation operation, Field<Byte> type, Field<String> name) {
        return (auth, entry) -> {
            byte resourceType = entry.getByte(type);
            if (resourceType == CONFIG_TOPIC) {
                return auth.authorize(operation, ResourceType.TOPIC, entry.getString(name)) ? null : Errors.TOPIC_AUTHORIZATION_FAILED;
            }
            return auth.authorizeCluster(operation) ? null : Errors.CLUSTER_AUTHORIZATION_FAILED;
        };
    }

    static ApiCheck describeConfigs() {
        return perEntry(ApiKey.DESCRIBE_CONFIGS, DescribeConfigsRequest.RESOURCES,
                config(AclOperation.DESCRIBE_CONFIGS, DescribeConfigsRequest.Resources.RESOURCE_TYPE,
                        DescribeConfigsRequest.Resources.RESOURCE_NAME),
                DescribeConfigsResponse.RESULTS, (resource, out, error, context) -> out
                        .set(DescribeConfigsResponse.Results.ERROR_CODE, error.code())
                        .set(DescribeConfigsResponse.Results.ERROR_MESSAGE, error.message())
                        .set(DescribeConfigsResponse.Results.RESOURCE_TYPE, resource.getByte(DescribeConfigsRequest.Resources.RESOURCE_TYPE))
                        .set(DescribeConfigsResponse.Results.RESOURCE_NAME, resource.getString(DescribeConfigsRequest.Resources.RESOURCE_NAME)));
    }

    static ApiCheck alterConfigs() {
        return perEntry(ApiKey.ALTER_CONFIGS, AlterConfigsRequest.RESOURCES,
                config(AclOperation.ALTER_CONFIGS, AlterConfigsRequest.Resources.RESOURCE_TYPE,
                        AlterConfigsRequest.Resources.RESOURCE_NAME),
                AlterConfigsResponse.RESPONSES, (resource, out, error, context) -> out
                        .set(AlterConfigsResponse.Responses.ERROR_CODE, error.code())
                        .set(AlterConfigsResponse.Responses.ERROR_MESSAGE, error.message())
                        .set(AlterConfigsResponse.Responses.RESOURCE_TYPE, resource.getByte(AlterConfigsRequest.Resources.RESOURCE_TYPE))
                        .set(AlterConfigsResponse.Responses.RESOURCE_NAME, resource.getString(AlterConfigsRequest.Resources.RESOURCE_NAME)));
    }

    static ApiCheck incrementalAlterConfigs() {
        return perEntry(ApiKey.INCREMENTAL_ALTER_CONFIGS, IncrementalAlterConfigsRequest.RESOURCES,
                config(AclOperation.ALTER_CONFIGS, IncrementalAlterConfigsRequest.Resources.RESOURCE_TYPE,
                        IncrementalAlterConfigsRequest.Resources.RESOURCE_NAME),
                IncrementalAlterConfigsResponse.RESPONSES, (resource, out, error, context) -> out
                        .set(IncrementalAlterConfigsResponse.Responses.ERROR_CODE, error.code())
                        .set(IncrementalAlterConfigsResponse.Responses.ERROR_MESSAGE, error.message())
                        .set(IncrementalAlterConfigsResponse.Responses.RESOURCE_TYPE,
                                resource.getByte(IncrementalAlterConfigsRequest.Resources.RESOURCE_TYPE))
                        .set(IncrementalAlterConfigsResponse.Responses.RESOURCE_NAME,
                                resource.getString(IncrementalAlterConfigsRequest.Resources.RESOURCE_NAME)));
    }

    /** Alter on the cluster, else every named partition is answered CLUSTER_AUTHORIZATION_FAILED. */
    static ApiCheck alterReplicaLogDirs() {
        return (auth, context, request, next) -> {
            if (auth.authorizeCluster(AclOperation.ALTER)) {
                return next.handle(context, request);
            }
            Struct response = ApiMessages.response(ApiKey.ALTER_REPLICA_LOG_DIRS).newStruct();
            for (Struct dir : request.getStructs(AlterReplicaLogDirsRequest.DIRS)) {
                for (Struct topic : dir.getStructs(AlterReplicaLogDirsRequest.Dirs.TOPICS)) {
                    Struct out = response.addElement(AlterReplicaLogDirsResponse.RESULTS)
                            .set(AlterReplicaLogDirsResponse.Results.TOPIC_NAME,
                                    topic.getString(AlterReplicaLogDirsRequest.Dirs.Topics.NAME));
                    for (int partition : topic.getArray(AlterReplicaLogDirsRequest.Dirs.Topics.PARTITIONS)) {
                        out.addElement(AlterReplicaLogDirsResponse.Results.PARTITIONS)
                                .set(AlterReplicaLogDirsResponse.Results.Partitions.PARTITION_INDEX, partition)
                                .set(AlterReplicaLogDirsResponse.Results.Partitions.ERROR_CODE,
                                        Errors.CLUSTER_AUTHORIZATION_FAILED.code());
                    }
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    /** AlterConfigs on the cluster, else every entry is answered CLUSTER_AUTHORIZATION_FAILED. */
    static ApiCheck alterClientQuotas() {
        return (auth, context, request, next) -> {
            if (auth.authorizeCluster(AclOperation.ALTER_CONFIGS)) {
                return next.handle(context, request);
            }
            Struct response = ApiMessages.response(ApiKey.ALTER_CLIENT_QUOTAS).newStruct();
            for (Struct entry : request.getStructs(AlterClientQuotasRequest.ENTRIES)) {
                Struct out = response.addElement(AlterClientQuotasResponse.ENTRIES)
                        .set(AlterClientQuotasResponse.Entries.ERROR_CODE, Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                        .set(AlterClientQuotasResponse.Entries.ERROR_MESSAGE, Errors.CLUSTER_AUTHORIZATION_FAILED.message());
                for (Struct entity : entry.getStructs(AlterClientQuotasRequest.Entries.ENTITY)) {
                    out.addElement(AlterClientQuotasResponse.Entries.ENTITY)
                            .set(AlterClientQuotasResponse.Entries.Entity.ENTITY_TYPE,
                                    entity.getString(AlterClientQuotasRequest.Entries.Entity.ENTITY_TYPE))
                            .set(AlterClientQuotasResponse.Entries.Entity.ENTITY_NAME,
                                    entity.getString(AlterClientQuotasRequest.Entries.Entity.ENTITY_NAME));
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    static ApiCheck initProducerId() {
        return (auth, context, request, next) -> {
            String transactionalId = request.getString(InitProducerIdRequest.TRANSACTIONAL_ID);
            if (transactionalId != null) {
                return auth.authorize(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId)
                        ? next.handle(context, request)
                        : AuthorizationGate.refuse(ApiKey.INIT_PRODUCER_ID, context.apiVersion(), Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
            }
            return auth.isAllowedOnCluster(AclOperation.IDEMPOTENT_WRITE)
                    || auth.isAllowedOnAnyResource(AclOperation.WRITE, ResourceType.TOPIC)
                    ? next.handle(context, request)
                    : AuthorizationGate.refuse(ApiKey.INIT_PRODUCER_ID, context.apiVersion(), Errors.CLUSTER_AUTHORIZATION_FAILED);
        };
    }
}
