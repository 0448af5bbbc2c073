package io.gregor.clients.admin;

import io.gregor.clients.acl.AclBinding;
import io.gregor.clients.acl.AclFilter;
import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.ConfigValues;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.CreatePartitionsRequest;
import io.gregor.clients.protocol.schemas.CreatePartitionsResponse;
import io.gregor.clients.protocol.schemas.CreateTopicsRequest;
import io.gregor.clients.protocol.schemas.CreateTopicsResponse;
import io.gregor.clients.protocol.schemas.DeleteTopicsRequest;
import io.gregor.clients.protocol.schemas.DeleteTopicsResponse;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse.Brokers;
import io.gregor.clients.protocol.schemas.DescribeConfigsRequest;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsRequest;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsResponse;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Gregor's admin client: topics (create, delete, list, describe), the cluster, configs of topics,
 * brokers and the cluster default, client quotas, partition reassignment and leader election,
 * consumer groups (list, describe, committed offsets, reset, delete, delete offsets), log offsets,
 * record deletion, the brokers' log directories, ACLs, users' SCRAM credentials and transactions
 * (list, describe, the producers of a partition, aborting a hanging transaction).
 * Calls block until done or {@code default.api.timeout.ms}; broker errors surface as
 * {@link GregorApiException} carrying Kafka's error code (per topic or group in a {@link BatchResult}).
 * Topic creation and deletion go to the controller, retried after NOT_CONTROLLER; group calls go to
 * the group's coordinator, retried after coordinator errors. Thread safe.
 */
public final class GregorAdmin implements Closeable {
    /** Kafka's timestamp spec for {@link #listOffsets}: the log start offset. */
    public static final long EARLIEST_TIMESTAMP = -2L;
    /** Kafka's timestamp spec for {@link #listOffsets}: the log end offset. */
    public static final long LATEST_TIMESTAMP = -1L;

    private static final byte TOPIC_RESOURCE = 2;

    private final CommonClientConfig config;
    private final NetworkClient client;
    private final ConsumerGroupOperations groups;
    private final ReplicaAdminOperations replicas;
    private final ConfigOperations configs;
    private final LogDirOperations logDirs;
    private final AclRequests acls;
    private final ScramCredentialRequests scram;
    private final TransactionOperations transactions;

    private GregorAdmin(CommonClientConfig config) {
        this.config = config;
        this.client = new NetworkClient(config);
        this.groups = new ConsumerGroupOperations(config, client);
        this.replicas = new ReplicaAdminOperations(config, client);
        this.configs = new ConfigOperations(config, client);
        this.logDirs = new LogDirOperations(client);
        this.acls = new AclRequests(config, client);
        this.scram = new ScramCredentialRequests(config, client);
        this.transactions = new TransactionOperations(client, config.retryBackoffMs());
    }

    public static GregorAdmin create(Map<String, ?> configs) {
        return new GregorAdmin(CommonClientConfig.from(new ConfigValues(configs), "gregor-admin"));
    }

    public static GregorAdmin create(Properties props) {
        return new GregorAdmin(CommonClientConfig.from(ConfigValues.of(props), "gregor-admin"));
    }

    private long deadline() {
        return System.currentTimeMillis() + config.defaultApiTimeoutMs();
    }

    public BatchResult<CreatedTopic> createTopics(Collection<NewTopic> topics, boolean validateOnly) {
        Map<String, NewTopic> byName = new LinkedHashMap<>();
        topics.forEach(t -> byName.put(t.name(), t));
        return toController(ApiKey.CREATE_TOPICS, byName.keySet(), names -> {
            Struct req = ApiMessages.request(ApiKey.CREATE_TOPICS).newStruct()
                    .set(CreateTopicsRequest.TIMEOUT_MS, config.requestTimeoutMs())
                    .set(CreateTopicsRequest.VALIDATE_ONLY, validateOnly);
            for (String n : names) {
                NewTopic t = byName.get(n);
                Struct s = req.addElement(CreateTopicsRequest.TOPICS).set(CreateTopicsRequest.Topics.NAME, n)
                        .set(CreateTopicsRequest.Topics.NUM_PARTITIONS, t.numPartitions())
                        .set(CreateTopicsRequest.Topics.REPLICATION_FACTOR, t.replicationFactor());
                new TreeMap<>(t.configs()).forEach((k, v) -> s.addElement(CreateTopicsRequest.Topics.CONFIGS)
                        .set(CreateTopicsRequest.Topics.Configs.NAME, k)
                        .set(CreateTopicsRequest.Topics.Configs.VALUE, v));
            }
            return req;
        }, CREATED, r -> new CreatedTopic(r.getString(CreateTopicsResponse.Topics.NAME),
                r.getUuid(CreateTopicsResponse.Topics.TOPIC_ID), r.getInt(CreateTopicsResponse.Topics.NUM_PARTITIONS),
                r.getShort(CreateTopicsResponse.Topics.REPLICATION_FACTOR)));
    }

    /** Deletes topics by name; the value per topic is its id when the broker reports one. */
    public BatchResult<UUID> deleteTopics(Collection<String> topics) {
        return toController(ApiKey.DELETE_TOPICS, new java.util.LinkedHashSet<>(topics), names -> {
            Struct req = ApiMessages.request(ApiKey.DELETE_TOPICS).newStruct()
                    .set(DeleteTopicsRequest.TIMEOUT_MS, config.requestTimeoutMs())
                    .set(DeleteTopicsRequest.TOPIC_NAMES, new ArrayList<>(names));
            names.forEach(n -> req.addElement(DeleteTopicsRequest.TOPICS).set(DeleteTopicsRequest.Topics.NAME, n));
            return req;
        }, DELETED, r -> r.getUuid(DeleteTopicsResponse.Responses.TOPIC_ID));
    }

    /** Raises each topic's partition count to the given total (CreatePartitions, to the controller). */
    public BatchResult<Integer> createPartitions(Map<String, Integer> newTotals, boolean validateOnly) {
        return toController(ApiKey.CREATE_PARTITIONS, new java.util.LinkedHashSet<>(newTotals.keySet()), names -> {
            Struct req = ApiMessages.request(ApiKey.CREATE_PARTITIONS).newStruct()
                    .set(CreatePartitionsRequest.TIMEOUT_MS, config.requestTimeoutMs())
                    .set(CreatePartitionsRequest.VALIDATE_ONLY, validateOnly);
            names.forEach(n -> req.addElement(CreatePartitionsRequest.TOPICS)
                    .set(CreatePartitionsRequest.Topics.NAME, n)
                    .set(CreatePartitionsRequest.Topics.COUNT, newTotals.get(n))
                    .set(CreatePartitionsRequest.Topics.ASSIGNMENTS, null));
            return req;
        }, PARTITIONS_CREATED, r -> newTotals.get(r.getString(CreatePartitionsResponse.Results.NAME)));
    }

    /** Where a per-topic controller API answers: its result array and each result's name, error code and message. */
    private record TopicResults(Field<List<Struct>> array, Field<String> name, Field<Short> errorCode,
                                Field<String> errorMessage) {
    }

    private static final TopicResults CREATED = new TopicResults(CreateTopicsResponse.TOPICS,
            CreateTopicsResponse.Topics.NAME, CreateTopicsResponse.Topics.ERROR_CODE,
                    CreateTopicsResponse.Topics.ERROR_MESSAGE);
    private static final TopicResults DELETED = new TopicResults(DeleteTopicsResponse.RESPONSES,
            DeleteTopicsResponse.Responses.NAME, DeleteTopicsResponse.Responses.ERROR_CODE,
            DeleteTopicsResponse.Responses.ERROR_MESSAGE);
    private static final TopicResults PARTITIONS_CREATED = new TopicResults(CreatePartitionsResponse.RESULTS,
            CreatePartitionsResponse.Results.NAME, CreatePartitionsResponse.Results.ERROR_CODE,
            CreatePartitionsResponse.Results.ERROR_MESSAGE);

    /**
     * Sends a per-topic request to the controller; topics answered NOT_CONTROLLER or another
     * retriable error are sent again after a metadata refresh, until the API timeout.
     */
    private <T> BatchResult<T> toController(ApiKey api, Set<String> topics, Function<Collection<String>, Struct> build,
                                            TopicResults results, Function<Struct, T> onSuccess) {
        long deadline = deadline();
        Map<String, T> ok = new LinkedHashMap<>();
        Map<String, GregorApiException> failed = new LinkedHashMap<>();
        Set<String> remaining = new java.util.LinkedHashSet<>(topics);
        GregorApiException last = null;
        while (!remaining.isEmpty()) {
            if (System.currentTimeMillis() >= deadline) {
                for (String t : remaining) {
                    failed.put(t, new GregorApiException(Errors.REQUEST_TIMED_OUT, api.title + " for topic " + t
                            + " did not complete within default.api.timeout.ms" + (last == null ? "" : ": " + last.getMessage())));
                }
                break;
            }
            try {
                Node controller = controller(deadline);
                Struct resp = NetworkClient.await(client.send(controller, api, build.apply(remaining)), deadline);
                for (Struct r : resp.getStructs(results.array())) {
                    String name = r.getString(results.name());
                    Errors error = Errors.forCode(r.getShort(results.errorCode()));
                    if (!remaining.contains(name)) {
                        continue;
                    }
                    if (error == Errors.NONE) {
                        ok.put(name, onSuccess.apply(r));
                        remaining.remove(name);
                    } else if (error.isRetriable()) {
                        last = new GregorApiException(error, api.title + " for topic " + name);
                    } else {
                        failed.put(name, new GregorApiException(error,
                                errorMessage(results.errorMessage() == null ? null : r.getString(results.errorMessage()),
                                api.title + " for topic " + name)));
                        remaining.remove(name);
                    }
                }
            } catch (GregorApiException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                last = e;
            }
            if (!remaining.isEmpty()) {
                client.requestMetadataUpdate();
                NetworkClient.sleep(config.retryBackoffMs());
            }
        }
        return new BatchResult<>(ok, failed);
    }

    /** {@code context}, with the broker's error message {@code m} if it gave one. */
    private static String errorMessage(String m, String context) {
        return m == null || m.isEmpty() ? context : context + ": " + m;
    }

    private Node controller(long deadline) {
        Cluster c = client.fetchMetadata(List.of(), false, Math.max(1, deadline - System.currentTimeMillis()));
        return c.node(c.controllerId()).orElseThrow(() ->
                new GregorApiException(Errors.NOT_CONTROLLER, "the metadata names no live controller (id " + c.controllerId() + ")"));
    }

    /** Names of all topics; internal ones (like __consumer_offsets) only if asked for. */
    public Set<String> listTopics(boolean listInternal) {
        Cluster c = client.fetchMetadata(null, false, config.defaultApiTimeoutMs());
        Set<String> names = new TreeSet<>();
        for (TopicMetadata t : c.topics().values()) {
            if (listInternal || !t.internal()) {
                names.add(t.name());
            }
        }
        return names;
    }

    /** Descriptions of the named topics; an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION. */
    public Map<String, TopicDescription> describeTopics(Collection<String> topics) {
        Cluster c = client.fetchMetadata(List.copyOf(topics), false, config.defaultApiTimeoutMs());
        Map<String, TopicDescription> out = new LinkedHashMap<>();
        for (String name : topics) {
            TopicMetadata t = c.topic(name).orElse(null);
            if (t == null) {
                throw new GregorApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic " + name + " is not in the metadata");
            }
            if (t.error() != Errors.NONE) {
                throw new GregorApiException(t.error(), "describing topic " + name);
            }
            out.put(name, new TopicDescription(name, t.topicId(), t.internal(), t.partitions()));
        }
        return out;
    }

    /** Cluster id, controller and brokers: DescribeCluster where the broker has it, else Metadata. */
    public ClusterDescription describeCluster() {
        Cluster meta = client.fetchMetadata(List.of(), false, config.defaultApiTimeoutMs());
        Node any = meta.brokers().values().stream().findFirst().orElse(null);
        try {
            if (any != null && client.versions(any).supports(ApiKey.DESCRIBE_CLUSTER)) {
                Struct resp = NetworkClient.await(client.send(any, ApiKey.DESCRIBE_CLUSTER,
                        ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct()), deadline());
                Errors error = Errors.forCode(resp.getShort(DescribeClusterResponse.ERROR_CODE));
                if (error != Errors.NONE) {
                    throw new GregorApiException(error,
                            errorMessage(resp.getString(DescribeClusterResponse.ERROR_MESSAGE), "DescribeCluster"));
                }
                Map<Integer, Node> nodes = new HashMap<>();
                for (Struct b : resp.getStructs(DescribeClusterResponse.BROKERS)) {
                    nodes.put(b.getInt(Brokers.BROKER_ID),
                            new Node(b.getInt(Brokers.BROKER_ID), b.getString(Brokers.HOST), b.getInt(Brokers.PORT),
                            b.getString(Brokers.RACK)));
                }
                return describe(resp.getString(DescribeClusterResponse.CLUSTER_ID),
                        resp.getInt(DescribeClusterResponse.CONTROLLER_ID), nodes);
            }
        } catch (java.io.IOException e) {
            throw new GregorApiException(Errors.NETWORK_EXCEPTION, "describeCluster: " + e.getMessage(), e);
        }
        return describe(meta.clusterId(), meta.controllerId(), meta.brokers());
    }

    private static ClusterDescription describe(String clusterId, int controllerId, Map<Integer, Node> nodes) {
        List<Node> sorted = new ArrayList<>(nodes.values());
        sorted.sort(Comparator.comparingInt(Node::id));
        return new ClusterDescription(clusterId, nodes.get(controllerId), sorted);
    }

    /** Every config of each topic (explicit and default values), by topic. */
    public Map<String, List<ConfigEntry>> describeTopicConfigs(Collection<String> topics) {
        Struct req = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct()
                .set(DescribeConfigsRequest.INCLUDE_SYNONYMS, false);
        for (String t : topics) {
            req.addElement(DescribeConfigsRequest.RESOURCES)
                    .set(DescribeConfigsRequest.Resources.RESOURCE_TYPE, TOPIC_RESOURCE)
                    .set(DescribeConfigsRequest.Resources.RESOURCE_NAME, t)
                    .set(DescribeConfigsRequest.Resources.CONFIGURATION_KEYS, null);
        }
        Struct resp = client.sendToAnyNode(ApiKey.DESCRIBE_CONFIGS, req, ApiKey.DESCRIBE_CONFIGS.maxVersion,
                config.defaultApiTimeoutMs());
        Map<String, List<ConfigEntry>> out = new LinkedHashMap<>();
        for (Struct r : resp.getStructs(DescribeConfigsResponse.RESULTS)) {
            String name = r.getString(DescribeConfigsResponse.Results.RESOURCE_NAME);
            Errors error = Errors.forCode(r.getShort(DescribeConfigsResponse.Results.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new GregorApiException(error,
                        errorMessage(r.getString(DescribeConfigsResponse.Results.ERROR_MESSAGE),
                        "DescribeConfigs for topic " + name));
            }
            List<ConfigEntry> entries = new ArrayList<>();
            for (Struct c : r.getStructs(DescribeConfigsResponse.Results.CONFIGS)) {
                int source = c.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE);
                ConfigEntry.ConfigSource src = source >= 0 ? ConfigEntry.ConfigSource.forCode(source)
                        : c.getBool(DescribeConfigsResponse.Results.Configs.IS_DEFAULT) ? ConfigEntry.ConfigSource.DEFAULT_CONFIG
                        : ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
                entries.add(new ConfigEntry(c.getString(DescribeConfigsResponse.Results.Configs.NAME),
                        c.getString(DescribeConfigsResponse.Results.Configs.VALUE), src,
                                c.getBool(DescribeConfigsResponse.Results.Configs.READ_ONLY),
                        c.getBool(DescribeConfigsResponse.Results.Configs.IS_SENSITIVE)));
            }
            entries.sort(Comparator.comparing(ConfigEntry::name));
            out.put(name, entries);
        }
        return out;
    }

    /** Sets or deletes configs of a topic with IncrementalAlterConfigs (to any broker). */
    public void alterTopicConfigs(String topic, List<AlterConfigOp> ops, boolean validateOnly) {
        alterConfigs(ConfigResource.topic(topic), ops, validateOnly);
    }

    /**
     * Starts (a target replica list, the first being the preferred leader) or cancels (empty) the
     * reassignment of each partition (AlterPartitionReassignments, to the controller).
     */
    public PartitionResults alterPartitionReassignments(Map<TopicPartition, java.util.Optional<List<Integer>>> changes) {
        return replicas.alterPartitionReassignments(changes);
    }

    /** The reassignments in progress, of {@code partitions} or (null) of every partition, in partition order. */
    public Map<TopicPartition, PartitionReassignment> listPartitionReassignments(Set<TopicPartition> partitions) {
        return replicas.listPartitionReassignments(partitions);
    }

    /**
     * Elects leaders of {@code partitions} or (null) of every partition (ElectLeaders, to the
     * controller); a partition whose leader is already the right one fails with ELECTION_NOT_NEEDED.
     */
    public PartitionResults electLeaders(ElectionType type, Set<TopicPartition> partitions) {
        return replicas.electLeaders(type, partitions);
    }

    /**
     * Every config of a topic, a broker or the brokers' cluster default, by name, with sources and
     * (when {@code includeSynonyms}) synonyms; a broker id's request goes to that broker.
     */
    public List<ConfigEntry> describeConfigs(ConfigResource resource, boolean includeSynonyms) {
        return configs.describeConfigs(resource, includeSynonyms);
    }

    /** Sets or deletes configs of a topic, a broker or the cluster default with IncrementalAlterConfigs. */
    public void alterConfigs(ConfigResource resource, List<AlterConfigOp> ops, boolean validateOnly) {
        configs.alterConfigs(resource, ops, validateOnly);
    }

    /** The client quotas of the entities matching every component of {@code filter} (strictly: of no other entity types). */
    public Map<ClientQuotaEntity, Map<String, Double>> describeClientQuotas(List<ClientQuotaFilter> filter, boolean strict) {
        return configs.describeClientQuotas(filter, strict);
    }

    /** Sets (a value) or removes (null) client quotas of {@code entity}. */
    public void alterClientQuotas(ClientQuotaEntity entity, Map<String, Double> changes, boolean validateOnly) {
        configs.alterClientQuotas(entity, changes, validateOnly);
    }

    /** The consumer groups of every broker (ListGroups to each), sorted by id. */
    public List<ConsumerGroupListing> listConsumerGroups() {
        return groups.listConsumerGroups();
    }

    /**
     * Each group as its coordinator describes it, members' assignments decoded; an unknown group is
     * described with state "Dead" and no members. A group of another protocol type fails with INVALID_GROUP_ID.
     */
    public Map<String, ConsumerGroupDescription> describeConsumerGroups(Collection<String> groupIds) {
        return groups.describeConsumerGroups(groupIds);
    }

    /** The group's committed offsets, by partition (topic, then partition order); none for an unknown group. */
    public Map<TopicPartition, OffsetAndMetadata> listConsumerGroupOffsets(String groupId) {
        return groups.listConsumerGroupOffsets(groupId);
    }

    /** Commits offsets for a group that has no members (an active group refuses with UNKNOWN_MEMBER_ID). */
    public void alterConsumerGroupOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        groups.alterConsumerGroupOffsets(groupId, offsets);
    }

    /** Deletes groups and their committed offsets; a group with members fails with NON_EMPTY_GROUP. */
    public BatchResult<Integer> deleteConsumerGroups(Collection<String> groupIds) {
        return groups.deleteConsumerGroups(groupIds);
    }

    /**
     * Removes the committed offsets of {@code partitions} from a group (OffsetDelete); the error per
     * partition (NONE when removed, GROUP_SUBSCRIBED_TO_TOPIC for a topic the group's members
     * consume). A group-wide refusal (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, ...) is thrown.
     */
    public Map<TopicPartition, Errors> deleteConsumerGroupOffsets(String groupId, Set<TopicPartition> partitions) {
        return groups.deleteConsumerGroupOffsets(groupId, partitions);
    }

    /**
     * Deletes the records of each partition before its offset (-1: up to the high watermark) by
     * moving its log start offset on every in-sync replica (DeleteRecords to each leader).
     */
    public DeletedRecords deleteRecords(Map<TopicPartition, Long> beforeOffsets) {
        return new RecordDeletion(client, config.requestTimeoutMs()).delete(beforeOffsets, deadline());
    }

    /**
     * The offset per partition for a timestamp, or {@link #EARLIEST_TIMESTAMP} / {@link #LATEST_TIMESTAMP};
     * partitions unknown to the metadata are absent from the answer.
     */
    public Map<TopicPartition, Long> listOffsets(Map<TopicPartition, Long> timestamps) {
        return groups.listOffsets(timestamps);
    }

    /**
     * The log directories of each broker (DescribeLogDirs to each), by broker id and absolute path,
     * with the replica logs each directory holds.
     */
    public Map<Integer, Map<String, LogDirInfo>> describeLogDirs(Collection<Integer> brokers) {
        return logDirs.describe(brokers, deadline());
    }

    /** Adds ACL bindings (CreateAcls); the first refused binding is thrown (SECURITY_DISABLED without an authorizer). */
    public void createAcls(List<AclBinding> bindings) {
        acls.create(bindings);
    }

    /** The ACL bindings matching {@code filter} (DescribeAcls). */
    public List<AclBinding> describeAcls(AclFilter filter) {
        return acls.describe(filter);
    }

    /** Removes the ACL bindings matching any of {@code filters} (DeleteAcls) and returns those removed. */
    public List<AclBinding> deleteAcls(List<AclFilter> filters) {
        return acls.delete(filters);
    }

    /**
     * The SCRAM credentials (mechanism and iterations) of each named user, or of every user that has
     * one when {@code users} is empty; users without a credential are absent.
     */
    public Map<String, List<ScramCredentialInfo>> describeUserScramCredentials(Collection<String> users) {
        return scram.describe(users);
    }

    /** Sets or removes users' SCRAM credentials (AlterUserScramCredentials); passwords are salted here and never sent. */
    public void alterUserScramCredentials(List<ScramCredentialAlteration> alterations) {
        scram.alter(alterations);
    }

    /**
     * AlterReplicaLogDirs: moves each replica to the given log dir of its broker; the error per
     * replica (REPLICA_NOT_AVAILABLE while the broker does not hold it yet).
     */
    public Map<TopicPartitionReplica, Errors> alterReplicaLogDirs(Map<TopicPartitionReplica, String> dirs) {
        return logDirs.alterReplicaLogDirs(dirs, deadline());
    }

    /**
     * The transactions every broker coordinates, by broker id (ListTransactions to each). Empty
     * {@code states} and {@code producerIds} mean all; {@code durationFilterMs} >= 0 keeps only
     * transactions open longer than that.
     */
    public Map<Integer, List<TransactionListing>> listTransactions(Collection<String> states,
                                                                   Collection<Long> producerIds, long durationFilterMs) {
        return transactions.list(states, producerIds, durationFilterMs, deadline());
    }

    /** The state of a transactional id at its transaction coordinator (DescribeTransactions). */
    public TransactionDescription describeTransaction(String transactionalId) {
        return transactions.describe(transactionalId, deadline());
    }

    /** The active producers of a partition at its leader, or at broker {@code brokerId} when given (DescribeProducers). */
    public List<ProducerState> describeProducers(TopicPartition tp, java.util.OptionalInt brokerId) {
        return transactions.describeProducers(tp, brokerId, deadline());
    }

    /** Aborts a hanging transaction in one partition: an ABORT marker written by its leader (WriteTxnMarkers). */
    public void abortTransaction(AbortTransactionSpec spec) {
        transactions.abort(spec, deadline());
    }

    @Override
    public void close() {
        client.close();
    }
}
