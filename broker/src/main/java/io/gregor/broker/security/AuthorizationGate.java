package io.gregor.broker.security;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ElectLeadersRequest;
import io.gregor.clients.protocol.schemas.ElectLeadersResponse;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.JoinGroupRequest;
import io.gregor.clients.protocol.schemas.LeaveGroupRequest;
import io.gregor.clients.protocol.schemas.OffsetDeleteRequest;
import io.gregor.clients.protocol.schemas.SyncGroupRequest;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourceType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one place where every API's authorization happens, wrapped around the registered handlers
 * (like the quota gate): for each API, the operation Kafka's KafkaApis checks and the error it
 * answers (CLUSTER_, TOPIC_, GROUP_ and TRANSACTIONAL_ID_AUTHORIZATION_FAILED). Whole-request
 * checks answer the API's error response; per-resource checks ({@link DataPathChecks},
 * {@link MetadataChecks}, {@link GroupChecks}, {@link ResourceChecks}) narrow the request and add the refused
 * resources to the response. APIs without a check here (ApiVersions, SASL) need no authorization.
 * Installed only when an authorizer is configured. Thread-safe.
 */
public final class AuthorizationGate {
    private final AclAuthorizer authorizer;
    private final Map<ApiKey, ApiCheck> checks = new EnumMap<>(ApiKey.class);

    /**
     * @param topicNames  a topic's name by id (Fetch v13+, Metadata v10+)
     * @param topicExists whether a topic exists (Metadata auto-creation needs Create)
     */
    public AuthorizationGate(AclAuthorizer authorizer, Function<UUID, Optional<String>> topicNames,
                             Predicate<String> topicExists) {
        this.authorizer = authorizer;
        for (ApiKey api : new ApiKey[] {ApiKey.LEADER_AND_ISR, ApiKey.STOP_REPLICA, ApiKey.UPDATE_METADATA,
                ApiKey.CONTROLLED_SHUTDOWN, ApiKey.ALTER_PARTITION}) {
            checks.put(api, cluster(AclOperation.CLUSTER_ACTION));
        }
        checks.put(ApiKey.ALTER_PARTITION_REASSIGNMENTS, cluster(AclOperation.ALTER));
        checks.put(ApiKey.ELECT_LEADERS, (auth, context, request, next) -> auth.authorizeCluster(AclOperation.ALTER)
                ? next.handle(context, request)
                : CompletableFuture.completedFuture(electLeadersRefusal(context.apiVersion(), request)));
        checks.put(ApiKey.LIST_PARTITION_REASSIGNMENTS, cluster(AclOperation.DESCRIBE));
        checks.put(ApiKey.DESCRIBE_LOG_DIRS, cluster(AclOperation.DESCRIBE)); // v0-2 have no error code: an empty answer
        checks.put(ApiKey.DESCRIBE_CLIENT_QUOTAS, cluster(AclOperation.DESCRIBE_CONFIGS));
        checks.put(ApiKey.ALTER_CLIENT_QUOTAS, ResourceChecks.alterClientQuotas());
        checks.put(ApiKey.JOIN_GROUP, group(AclOperation.READ, JoinGroupRequest.GROUP_ID));
        checks.put(ApiKey.SYNC_GROUP, group(AclOperation.READ, SyncGroupRequest.GROUP_ID));
        checks.put(ApiKey.HEARTBEAT, group(AclOperation.READ, HeartbeatRequest.GROUP_ID));
        checks.put(ApiKey.LEAVE_GROUP, group(AclOperation.READ, LeaveGroupRequest.GROUP_ID));
        checks.put(ApiKey.OFFSET_DELETE, group(AclOperation.DELETE, OffsetDeleteRequest.GROUP_ID));
        checks.put(ApiKey.PRODUCE, DataPathChecks.produce());
        checks.put(ApiKey.FETCH, DataPathChecks.fetch(topicNames));
        checks.put(ApiKey.METADATA, MetadataChecks.metadata(topicNames, topicExists));
        checks.put(ApiKey.DESCRIBE_CLUSTER, MetadataChecks.describeCluster());
        checks.put(ApiKey.DESCRIBE_GROUPS, MetadataChecks.describeGroups());
        checks.put(ApiKey.OFFSET_COMMIT, GroupChecks.offsetCommit());
        checks.put(ApiKey.OFFSET_FETCH, GroupChecks.offsetFetch());
        checks.put(ApiKey.FIND_COORDINATOR, GroupChecks.findCoordinator());
        checks.put(ApiKey.LIST_GROUPS, GroupChecks.listGroups());
        checks.put(ApiKey.DELETE_GROUPS, GroupChecks.deleteGroups());
        checks.put(ApiKey.LIST_OFFSETS, ResourceChecks.listOffsets());
        checks.put(ApiKey.DESCRIBE_PRODUCERS, ResourceChecks.describeProducers());
        checks.put(ApiKey.WRITE_TXN_MARKERS, ResourceChecks.writeTxnMarkers());
        checks.put(ApiKey.OFFSET_FOR_LEADER_EPOCH, ResourceChecks.offsetForLeaderEpoch());
        checks.put(ApiKey.CREATE_TOPICS, ResourceChecks.createTopics());
        checks.put(ApiKey.DELETE_TOPICS, ResourceChecks.deleteTopics(topicNames));
        checks.put(ApiKey.CREATE_PARTITIONS, ResourceChecks.createPartitions());
        checks.put(ApiKey.DELETE_RECORDS, ResourceChecks.deleteRecords());
        checks.put(ApiKey.DESCRIBE_CONFIGS, ResourceChecks.describeConfigs());
        checks.put(ApiKey.ALTER_CONFIGS, ResourceChecks.alterConfigs());
        checks.put(ApiKey.INCREMENTAL_ALTER_CONFIGS, ResourceChecks.incrementalAlterConfigs());
        checks.put(ApiKey.ALTER_REPLICA_LOG_DIRS, ResourceChecks.alterReplicaLogDirs());
        checks.put(ApiKey.INIT_PRODUCER_ID, ResourceChecks.initProducerId());
        checks.put(ApiKey.ADD_PARTITIONS_TO_TXN, TransactionChecks.addPartitionsToTxn());
        checks.put(ApiKey.ADD_OFFSETS_TO_TXN, TransactionChecks.addOffsetsToTxn());
        checks.put(ApiKey.END_TXN, TransactionChecks.endTxn());
        checks.put(ApiKey.TXN_OFFSET_COMMIT, TransactionChecks.txnOffsetCommit());
        checks.put(ApiKey.DESCRIBE_TRANSACTIONS, TransactionChecks.describeTransactions());
        checks.put(ApiKey.LIST_TRANSACTIONS, TransactionChecks.listTransactions());
    }

    /** Wraps every registered handler that has a check; call after all handlers are registered. */
    public void install(ApiHandlerRegistry registry) {
        for (ApiKey api : registry.registeredApis()) {
            ApiCheck check = checks.get(api);
            if (check != null) {
                registry.wrap(api, handler -> guarded(check, handler));
            }
        }
    }

    private ApiHandler guarded(ApiCheck check, ApiHandler handler) {
        return (context, request) -> check.handle(new RequestAuthorizer(authorizer, context), context, request, handler);
    }

    /** The whole request needs {@code operation} on the cluster, else CLUSTER_AUTHORIZATION_FAILED. */
    private static ApiCheck cluster(AclOperation operation) {
        return (auth, context, request, next) -> auth.authorizeCluster(operation) ? next.handle(context, request)
                : refuse(context.apiKey(), context.apiVersion(), Errors.CLUSTER_AUTHORIZATION_FAILED);
    }

    /** The whole request needs {@code operation} on the group it names, else GROUP_AUTHORIZATION_FAILED. */
    private static ApiCheck group(AclOperation operation, Field<String> groupId) {
        return (auth, context, request, next) -> auth.authorize(operation, ResourceType.GROUP, request.getString(groupId))
                ? next.handle(context, request)
                : refuse(context.apiKey(), context.apiVersion(), Errors.GROUP_AUTHORIZATION_FAILED);
    }

    /**
     * ElectLeaders without Alter on the cluster, as Kafka answers it: CLUSTER_AUTHORIZATION_FAILED at
     * the top (v1+) and for every partition the request named (v0 has only those).
     */
    static Struct electLeadersRefusal(short version, Struct request) {
        Errors error = Errors.CLUSTER_AUTHORIZATION_FAILED;
        List<Struct> results = new ArrayList<>();
        List<Struct> topics = request.get(ElectLeadersRequest.TOPIC_PARTITIONS);
        for (Struct topic : topics == null ? List.<Struct>of() : topics) {
            List<Struct> partitions = new ArrayList<>();
            for (int partition : topic.get(ElectLeadersRequest.TopicPartitions.PARTITIONS)) {
                partitions.add(new Struct(ElectLeadersResponse.ReplicaElectionResults.PartitionResult.SCHEMA)
                        .set(ElectLeadersResponse.ReplicaElectionResults.PartitionResult.PARTITION_ID, partition)
                        .set(ElectLeadersResponse.ReplicaElectionResults.PartitionResult.ERROR_CODE, error.code())
                        .set(ElectLeadersResponse.ReplicaElectionResults.PartitionResult.ERROR_MESSAGE, error.message()));
            }
            results.add(new Struct(ElectLeadersResponse.ReplicaElectionResults.SCHEMA)
                    .set(ElectLeadersResponse.ReplicaElectionResults.TOPIC, topic.getString(ElectLeadersRequest.TopicPartitions.TOPIC))
                    .set(ElectLeadersResponse.ReplicaElectionResults.PARTITION_RESULT, partitions));
        }
        Struct response = ElectLeadersResponse.SPEC.newStruct().set(ElectLeadersResponse.REPLICA_ELECTION_RESULTS, results);
        if (ElectLeadersResponse.ERROR_CODE.existsIn(version)) {
            response.set(ElectLeadersResponse.ERROR_CODE, error.code());
        }
        return response;
    }

    /**
     * The API's response carrying {@code error} in its top-level error code. An API version without
     * one fails the request, which closes the connection with a log line (Kafka answers those old
     * versions per partition; no client Gregor serves sends them without the field).
     */
    static CompletableFuture<Struct> refuse(ApiKey api, short version, Errors error) {
        MessageSpec spec = ApiMessages.response(api);
        Field<Short> errorCode = spec.errorCodeField();
        if (api == ApiKey.DESCRIBE_LOG_DIRS && (errorCode == null || !errorCode.existsIn(version))) {
            return CompletableFuture.completedFuture(spec.newStruct()); // Kafka: no log dirs
        }
        if (errorCode == null || !errorCode.existsIn(version)) {
            return CompletableFuture.failedFuture(new IllegalStateException(api + " v" + version + " refused: " + error));
        }
        Struct response = spec.newStruct().set(errorCode, error.code());
        Field<String> message = spec.errorMessageField();
        if (message != null && message.existsIn(version)) {
            response.set(message, error.message());
        }
        return CompletableFuture.completedFuture(response);
    }
}
