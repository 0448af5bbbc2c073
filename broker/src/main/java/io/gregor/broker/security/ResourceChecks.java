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
import io.gregor.clients.protocol.schemas.DescribeProducersRequest;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsRequest;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsResponse;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochRequest;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochResponse;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersResponse;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourceType;
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

    private static Narrowing.Decision<Struct> topic(AclOperation operation, Function<Struct, String> name) {
        return (auth, entry) -> auth.authorize(operation, ResourceType.TOPIC, name.apply(entry))
                ? null : Errors.TOPIC_AUTHORIZATION_FAILED;
    }

    static ApiCheck listOffsets() {
        return Narrowing.of(ApiKey.LIST_OFFSETS, ListOffsetsRequest.TOPICS,
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

    /**
     * WriteTxnMarkers: ClusterAction, as Kafka; refused, every partition of every marker answers
     * CLUSTER_AUTHORIZATION_FAILED (the response has no top-level error code) and nothing is written.
     */
    static ApiCheck writeTxnMarkers() {
        return (auth, context, request, next) -> {
            if (auth.authorizeCluster(AclOperation.CLUSTER_ACTION)) {
                return next.handle(context, request);
            }
            Struct response = ApiMessages.response(ApiKey.WRITE_TXN_MARKERS).newStruct();
            for (Struct marker : request.getStructs(WriteTxnMarkersRequest.MARKERS)) {
                Struct out = response.addElement(WriteTxnMarkersResponse.MARKERS).set(WriteTxnMarkersResponse.Markers.PRODUCER_ID,
                        marker.getLong(WriteTxnMarkersRequest.Markers.PRODUCER_ID));
                for (Struct topic : marker.getStructs(WriteTxnMarkersRequest.Markers.TOPICS)) {
                    Struct topicOut = out.addElement(WriteTxnMarkersResponse.Markers.TOPICS).set(
                            WriteTxnMarkersResponse.Markers.Topics.NAME, topic.getString(WriteTxnMarkersRequest.Markers.Topics.NAME));
                    for (int index : topic.getArray(WriteTxnMarkersRequest.Markers.Topics.PARTITION_INDEXES)) {
                        topicOut.addElement(WriteTxnMarkersResponse.Markers.Topics.PARTITIONS)
                                .set(WriteTxnMarkersResponse.Markers.Topics.Partitions.PARTITION_INDEX, index)
                                .set(WriteTxnMarkersResponse.Markers.Topics.Partitions.ERROR_CODE,
                                        Errors.CLUSTER_AUTHORIZATION_FAILED.code());
                    }
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    /** DescribeProducers: Read on each topic, as Kafka; a refused topic's partitions answer TOPIC_AUTHORIZATION_FAILED. */
    static ApiCheck describeProducers() {
        return Narrowing.of(ApiKey.DESCRIBE_PRODUCERS, DescribeProducersRequest.TOPICS,
                topic(AclOperation.READ, t -> t.getString(DescribeProducersRequest.Topics.NAME)),
                DescribeProducersResponse.TOPICS, (topic, out, error, context) -> {
                    out.set(DescribeProducersResponse.Topics.NAME, topic.getString(DescribeProducersRequest.Topics.NAME));
                    for (int index : topic.getArray(DescribeProducersRequest.Topics.PARTITION_INDEXES)) {
                        out.addElement(DescribeProducersResponse.Topics.PARTITIONS)
                                .set(DescribeProducersResponse.Topics.Partitions.PARTITION_INDEX, index)
                                .set(DescribeProducersResponse.Topics.Partitions.ERROR_CODE, error.code());
                    }
                });
    }

    static ApiCheck offsetForLeaderEpoch() {
        ApiCheck perTopic = Narrowing.of(ApiKey.OFFSET_FOR_LEADER_EPOCH, OffsetForLeaderEpochRequest.TOPICS,
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
        ApiCheck perTopic = Narrowing.of(ApiKey.CREATE_TOPICS, CreateTopicsRequest.TOPICS,
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
        return Narrowing.of(ApiKey.CREATE_PARTITIONS, CreatePartitionsRequest.TOPICS,
                topic(AclOperation.ALTER, t -> t.getString(CreatePartitionsRequest.Topics.NAME)),
                CreatePartitionsResponse.RESULTS, (topic, out, error, context) -> out
                        .set(CreatePartitionsResponse.Results.NAME, topic.getString(CreatePartitionsRequest.Topics.NAME))
                        .set(CreatePartitionsResponse.Results.ERROR_CODE, error.code()));
    }

    static ApiCheck deleteRecords() {
        return Narrowing.of(ApiKey.DELETE_RECORDS, DeleteRecordsRequest.TOPICS,
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
        ApiCheck byStruct = Narrowing.of(ApiKey.DELETE_TOPICS, DeleteTopicsRequest.TOPICS, (auth, entry) -> {
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
        ApiCheck byName = Narrowing.of(ApiKey.DELETE_TOPICS, DeleteTopicsRequest.TOPIC_NAMES,
                (auth, name) -> auth.authorize(AclOperation.DELETE, ResourceType.TOPIC, name) ? null : Errors.TOPIC_AUTHORIZATION_FAILED,
                DeleteTopicsResponse.RESPONSES, (name, out, error, context) -> out
                        .set(DeleteTopicsResponse.Responses.NAME, name)
                        .set(DeleteTopicsResponse.Responses.ERROR_CODE, error.code()));
        return (auth, context, request, next) -> (context.apiVersion() >= 6 ? byStruct : byName)
                .handle(auth, context, request, next);
    }

    /**
     * A config API: each resource needs {@code operation} on its topic, or on the cluster for
     * broker and broker-logger resources, else it is answered with the error, its type and name.
     */
    private static ApiCheck configs(ApiKey api, AclOperation operation, Field<List<Struct>> resources, Field<Byte> type,
                                    Field<String> name, Field<List<Struct>> results, Field<Short> errorCode,
                                    Field<String> errorMessage, Field<Byte> resultType, Field<String> resultName) {
        return Narrowing.of(api, resources, (auth, entry) -> {
            if (entry.getByte(type) == CONFIG_TOPIC) {
                return auth.authorize(operation, ResourceType.TOPIC, entry.getString(name)) ? null : Errors.TOPIC_AUTHORIZATION_FAILED;
            }
            return auth.authorizeCluster(operation) ? null : Errors.CLUSTER_AUTHORIZATION_FAILED;
        }, results, (resource, out, error, context) -> out.set(errorCode, error.code()).set(errorMessage, error.message())
                .set(resultType, resource.getByte(type)).set(resultName, resource.getString(name)));
    }

    static ApiCheck describeConfigs() {
        return configs(ApiKey.DESCRIBE_CONFIGS, AclOperation.DESCRIBE_CONFIGS, DescribeConfigsRequest.RESOURCES,
                DescribeConfigsRequest.Resources.RESOURCE_TYPE, DescribeConfigsRequest.Resources.RESOURCE_NAME,
                DescribeConfigsResponse.RESULTS, DescribeConfigsResponse.Results.ERROR_CODE,
                DescribeConfigsResponse.Results.ERROR_MESSAGE, DescribeConfigsResponse.Results.RESOURCE_TYPE,
                DescribeConfigsResponse.Results.RESOURCE_NAME);
    }

    static ApiCheck alterConfigs() {
        return configs(ApiKey.ALTER_CONFIGS, AclOperation.ALTER_CONFIGS, AlterConfigsRequest.RESOURCES,
                AlterConfigsRequest.Resources.RESOURCE_TYPE, AlterConfigsRequest.Resources.RESOURCE_NAME,
                AlterConfigsResponse.RESPONSES, AlterConfigsResponse.Responses.ERROR_CODE,
                AlterConfigsResponse.Responses.ERROR_MESSAGE, AlterConfigsResponse.Responses.RESOURCE_TYPE,
                AlterConfigsResponse.Responses.RESOURCE_NAME);
    }

    static ApiCheck incrementalAlterConfigs() {
        return configs(ApiKey.INCREMENTAL_ALTER_CONFIGS, AclOperation.ALTER_CONFIGS, IncrementalAlterConfigsRequest.RESOURCES,
                IncrementalAlterConfigsRequest.Resources.RESOURCE_TYPE, IncrementalAlterConfigsRequest.Resources.RESOURCE_NAME,
                IncrementalAlterConfigsResponse.RESPONSES, IncrementalAlterConfigsResponse.Responses.ERROR_CODE,
                IncrementalAlterConfigsResponse.Responses.ERROR_MESSAGE, IncrementalAlterConfigsResponse.Responses.RESOURCE_TYPE,
                IncrementalAlterConfigsResponse.Responses.RESOURCE_NAME);
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
