package io.gregor.clients.admin;

import io.gregor.clients.consumer.OffsetLookup;
import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.ProtocolException;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment;
import io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment.AssignedPartitions;
import io.gregor.clients.protocol.schemas.DeleteGroupsRequest;
import io.gregor.clients.protocol.schemas.DeleteGroupsResponse;
import io.gregor.clients.protocol.schemas.DeleteGroupsResponse.Results;
import io.gregor.clients.protocol.schemas.DescribeGroupsRequest;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse.Groups.Members;
import io.gregor.clients.protocol.schemas.FindCoordinatorRequest;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.ListGroupsResponse;
import io.gregor.clients.protocol.schemas.OffsetCommitRequest;
import io.gregor.clients.protocol.schemas.OffsetCommitResponse;
import io.gregor.clients.protocol.schemas.OffsetDeleteRequest;
import io.gregor.clients.protocol.schemas.OffsetDeleteResponse;
import io.gregor.clients.protocol.schemas.OffsetFetchRequest;
import io.gregor.clients.protocol.schemas.OffsetFetchResponse;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The consumer-group half of {@link GregorAdmin}. A call about one group first finds the group's
 * coordinator (FindCoordinator) and sends there; NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS,
 * COORDINATOR_NOT_AVAILABLE and other retriable errors (a lost connection) make it look the
 * coordinator up again and retry after {@code retry.backoff.ms}, until {@code default.api.timeout.ms};
 * then the last error is thrown with the group in its message. Keeps no state of its own: thread
 * safe as the {@link NetworkClient} is.
 */
final class ConsumerGroupOperations {
    static final String CONSUMER_PROTOCOL_TYPE = "consumer";
    private static final byte GROUP_KEY_TYPE = 0;
    /** The last FindCoordinator version with a single key (v4 batches keys). */
    private static final short FIND_COORDINATOR_SINGLE_KEY = 3;
    /** The last OffsetFetch version with a single group (v8 batches groups). */
    private static final short OFFSET_FETCH_SINGLE_GROUP = 7;
    private static final byte READ_UNCOMMITTED = 0;
    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final CommonClientConfig config;
    private final NetworkClient client;

    ConsumerGroupOperations(CommonClientConfig config, NetworkClient client) {
        this.config = config;
        this.client = client;
    }

    /** One attempt at a request to the group's coordinator; throws GregorApiException on an error. */
    private interface CoordinatorCall<T> {
        T call(Node coordinator, long deadlineMs);
    }

    private long deadline() {
        return System.currentTimeMillis() + config.defaultApiTimeoutMs();
    }

    private <T> T withCoordinator(String groupId, String what, CoordinatorCall<T> call) {
        long deadline = deadline();
        GregorApiException last = null;
        while (true) {
            try {
                return call.call(findCoordinator(groupId, deadline), deadline);
            } catch (GregorApiException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                // running out of time on the last attempt says less than the error that made us retry
                last = e.error() == Errors.REQUEST_TIMED_OUT && last != null ? last : e;
            }
            if (System.currentTimeMillis() + config.retryBackoffMs() >= deadline) {
                throw new GregorApiException(last.error(), what + " for group '" + groupId + "' did not succeed within "
                        + config.defaultApiTimeoutMs() + " ms; last error: " + last.getMessage(), last);
            }
            client.requestMetadataUpdate();
            NetworkClient.sleep(config.retryBackoffMs());
        }
    }

    private Node findCoordinator(String groupId, long deadline) {
        Struct req = ApiMessages.request(ApiKey.FIND_COORDINATOR).newStruct().set(FindCoordinatorRequest.KEY, groupId)
                .set(FindCoordinatorRequest.KEY_TYPE, GROUP_KEY_TYPE);
        Struct resp = client.sendToAnyNode(ApiKey.FIND_COORDINATOR, req, FIND_COORDINATOR_SINGLE_KEY,
                Math.max(1, deadline - System.currentTimeMillis()));
        Errors error = Errors.forCode(resp.getShort(FindCoordinatorResponse.ERROR_CODE));
        if (error != Errors.NONE) {
            String message = resp.getString(FindCoordinatorResponse.ERROR_MESSAGE);
            throw new GregorApiException(error, "FindCoordinator for group '" + groupId + "'"
                    + (message == null || message.isEmpty() ? "" : ": " + message));
        }
        return new Node(resp.getInt(FindCoordinatorResponse.NODE_ID), resp.getString(FindCoordinatorResponse.HOST),
                resp.getInt(FindCoordinatorResponse.PORT));
    }

    /** ListGroups to every live broker (each lists the groups it coordinates); consumer groups only, by id. */
    List<ConsumerGroupListing> listConsumerGroups() {
        long deadline = deadline();
        Cluster cluster = client.fetchMetadata(List.of(), false, config.defaultApiTimeoutMs());
        Map<String, ConsumerGroupListing> groups = new TreeMap<>();
        for (Node broker : cluster.brokers().values()) {
            for (Struct g : listGroups(broker, deadline).getStructs(ListGroupsResponse.GROUPS)) {
                String type = g.getString(ListGroupsResponse.Groups.PROTOCOL_TYPE);
                if (type.isEmpty() || type.equals(CONSUMER_PROTOCOL_TYPE)) {
                    groups.put(g.getString(ListGroupsResponse.Groups.GROUP_ID),
                            new ConsumerGroupListing(g.getString(ListGroupsResponse.Groups.GROUP_ID), type,
                            g.getString(ListGroupsResponse.Groups.GROUP_STATE)));
                }
            }
        }
        return List.copyOf(groups.values());
    }

    private Struct listGroups(Node broker, long deadline) {
        while (true) {
            GregorApiException failure;
            try {
                Struct resp = NetworkClient.await(client.send(broker, ApiKey.LIST_GROUPS,
                        ApiMessages.request(ApiKey.LIST_GROUPS).newStruct()), deadline);
                Errors error = Errors.forCode(resp.getShort(ListGroupsResponse.ERROR_CODE));
                if (error == Errors.NONE) {
                    return resp;
                }
                failure = new GregorApiException(error, "ListGroups on broker " + broker);
            } catch (GregorApiException e) {
                failure = e;
            }
            if (!failure.isRetriable() || System.currentTimeMillis() + config.retryBackoffMs() >= deadline) {
                throw new GregorApiException(failure.error(), "listing the groups of broker " + broker + ": "
                        + failure.getMessage(), failure);
            }
            NetworkClient.sleep(config.retryBackoffMs());
        }
    }

    /** DescribeGroups at each group's coordinator, in the order given. */
    Map<String, ConsumerGroupDescription> describeConsumerGroups(Collection<String> groupIds) {
        Map<String, ConsumerGroupDescription> out = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            out.put(groupId, withCoordinator(groupId, "DescribeGroups", (coordinator, deadline) -> {
                Struct req = ApiMessages.request(ApiKey.DESCRIBE_GROUPS).newStruct()
                        .set(DescribeGroupsRequest.GROUPS, List.of(groupId));
                Struct resp = NetworkClient.await(client.send(coordinator, ApiKey.DESCRIBE_GROUPS, req), deadline);
                Struct group = resp.getStructs(DescribeGroupsResponse.GROUPS).stream().filter(g -> groupId.equals(g.getString(DescribeGroupsResponse.Groups.GROUP_ID)))
                        .findFirst().orElseThrow(() -> new GregorApiException(Errors.UNKNOWN_SERVER_ERROR,
                                "DescribeGroups answer from " + coordinator + " does not mention group '" + groupId + "'"));
                Errors error = Errors.forCode(group.getShort(DescribeGroupsResponse.Groups.ERROR_CODE));
                if (error != Errors.NONE) {
                    throw new GregorApiException(error, "DescribeGroups for group '" + groupId + "' on " + coordinator);
                }
                return description(group, coordinator);
            }));
        }
        return out;
    }

    private static ConsumerGroupDescription description(Struct group, Node coordinator) {
        String groupId = group.getString(DescribeGroupsResponse.Groups.GROUP_ID);
        String type = group.getString(DescribeGroupsResponse.Groups.PROTOCOL_TYPE);
        if (!type.isEmpty() && !type.equals(CONSUMER_PROTOCOL_TYPE)) {
            throw new GregorApiException(Errors.INVALID_GROUP_ID, "group '" + groupId
                    + "' is not a consumer group (protocol type '" + type + "')");
        }
        List<MemberDescription> members = new ArrayList<>();
        for (Struct m : group.getStructs(DescribeGroupsResponse.Groups.MEMBERS)) {
            List<TopicPartition> assignment;
            try {
                assignment = decodeAssignment(m.getBytes(Members.MEMBER_ASSIGNMENT));
            } catch (ProtocolException | BufferUnderflowException e) {
                throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "undecodable assignment of member "
                        + m.getString(Members.MEMBER_ID) + " of group '" + groupId + "': " + e.getMessage(), e);
            }
            members.add(new MemberDescription(m.getString(Members.MEMBER_ID), m.getString(Members.GROUP_INSTANCE_ID),
                    m.getString(Members.CLIENT_ID), m.getString(Members.CLIENT_HOST), assignment));
        }
        return new ConsumerGroupDescription(groupId, group.getString(DescribeGroupsResponse.Groups.GROUP_STATE), type,
                group.getString(DescribeGroupsResponse.Groups.PROTOCOL_DATA), coordinator, members);
    }

    /**
     * The partitions of a consumer-protocol assignment: an int16 version, then the
     * ConsumerProtocolAssignment fields of that version (a newer version is read as the newest we
     * know, whose fields it starts with). Empty bytes (a member still rebalancing) mean no partitions.
     */
    static List<TopicPartition> decodeAssignment(ByteBuffer bytes) {
        if (bytes == null || !bytes.hasRemaining()) {
            return List.of();
        }
        ByteBuffer buf = bytes.duplicate();
        short version = buf.getShort();
        if (version < 0) {
            throw new ProtocolException("negative consumer protocol assignment version " + version);
        }
        short readAs = (short) Math.min(version,
                ConsumerProtocolAssignment.SPEC.validVersions().highest());
        Struct assignment = MessageCodec.read(buf, ConsumerProtocolAssignment.SPEC, readAs);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Struct t : assignment.getStructs(ConsumerProtocolAssignment.ASSIGNED_PARTITIONS)) {
            for (Object p : t.getArray(AssignedPartitions.PARTITIONS)) {
                partitions.add(new TopicPartition(t.getString(AssignedPartitions.TOPIC), ((Number) p).intValue()));
            }
        }
        partitions.sort(PARTITION_ORDER);
        return partitions;
    }

    /** OffsetFetch of all the group's committed offsets; partitions without a commit are left out. */
    Map<TopicPartition, OffsetAndMetadata> listConsumerGroupOffsets(String groupId) {
        return withCoordinator(groupId, "OffsetFetch", (coordinator, deadline) -> {
            Struct req = ApiMessages.request(ApiKey.OFFSET_FETCH).newStruct().set(OffsetFetchRequest.GROUP_ID, groupId)
                    .set(OffsetFetchRequest.TOPICS, null).set(OffsetFetchRequest.REQUIRE_STABLE, false);
            Struct resp = NetworkClient.await(client.send(coordinator, ApiKey.OFFSET_FETCH, req,
                    OFFSET_FETCH_SINGLE_GROUP), deadline);
            Errors error = Errors.forCode(resp.getShort(OffsetFetchResponse.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new GregorApiException(error, "OffsetFetch for group '" + groupId + "' on " + coordinator);
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(PARTITION_ORDER);
            for (Struct t : resp.getStructs(OffsetFetchResponse.TOPICS)) {
                for (Struct p : t.getStructs(OffsetFetchResponse.Topics.PARTITIONS)) {
                    TopicPartition tp = new TopicPartition(t.getString(OffsetFetchResponse.Topics.NAME),
                            p.getInt(OffsetFetchResponse.Topics.Partitions.PARTITION_INDEX));
                    Errors pe = Errors.forCode(p.getShort(OffsetFetchResponse.Topics.Partitions.ERROR_CODE));
                    if (pe != Errors.NONE) {
                        throw new GregorApiException(pe, "OffsetFetch for group '" + groupId + "', partition " + tp);
                    }
                    if (p.getLong(OffsetFetchResponse.Topics.Partitions.COMMITTED_OFFSET) >= 0) {
                        String metadata = p.getString(OffsetFetchResponse.Topics.Partitions.METADATA);
                        offsets.put(tp, new OffsetAndMetadata(p.getLong(OffsetFetchResponse.Topics.Partitions.COMMITTED_OFFSET),
                                p.getInt(OffsetFetchResponse.Topics.Partitions.COMMITTED_LEADER_EPOCH),
                                        metadata == null ? "" : metadata));
                    }
                }
            }
            return new LinkedHashMap<>(offsets);
        });
    }

    /**
     * Commits {@code offsets} for the group as an admin does: OffsetCommit with generation -1 and no
     * member id, which the coordinator accepts only while the group has no members (else
     * UNKNOWN_MEMBER_ID). Any partition error fails the call, naming every failed partition.
     */
    void alterConsumerGroupOffsets(String groupId, Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        withCoordinator(groupId, "OffsetCommit", (coordinator, deadline) -> {
            Struct req = ApiMessages.request(ApiKey.OFFSET_COMMIT).newStruct()
                    .set(OffsetCommitRequest.GROUP_ID, groupId)
                    .set(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH, -1).set(OffsetCommitRequest.MEMBER_ID, "");
            Map<String, Struct> topics = new LinkedHashMap<>();
            offsets.forEach((tp, offset) -> topics.computeIfAbsent(tp.topic(), t -> req
                    .addElement(OffsetCommitRequest.TOPICS).set(OffsetCommitRequest.Topics.NAME, t))
                    .addElement(OffsetCommitRequest.Topics.PARTITIONS)
                    .set(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX, tp.partition())
                    .set(OffsetCommitRequest.Topics.Partitions.COMMITTED_OFFSET, offset)
                    .set(OffsetCommitRequest.Topics.Partitions.COMMITTED_METADATA, ""));
            Struct resp = NetworkClient.await(client.send(coordinator, ApiKey.OFFSET_COMMIT, req), deadline);
            Map<TopicPartition, Errors> failed = new TreeMap<>(PARTITION_ORDER);
            for (Struct t : resp.getStructs(OffsetCommitResponse.TOPICS)) {
                for (Struct p : t.getStructs(OffsetCommitResponse.Topics.PARTITIONS)) {
                    Errors error = Errors.forCode(p.getShort(OffsetCommitResponse.Topics.Partitions.ERROR_CODE));
                    if (error != Errors.NONE) {
                        failed.put(new TopicPartition(t.getString(OffsetCommitResponse.Topics.NAME),
                                p.getInt(OffsetCommitResponse.Topics.Partitions.PARTITION_INDEX)), error);
                    }
                }
            }
            if (!failed.isEmpty()) {
                // a retriable error (the coordinator moved) retries the whole commit, which is idempotent
                Errors first = failed.values().stream().filter(Errors::isRetriable).findFirst()
                        .orElse(failed.values().iterator().next());
                throw new GregorApiException(first, "OffsetCommit for group '" + groupId + "' failed for " + failed);
            }
            return null;
        });
    }

    /** OffsetDelete at the group's coordinator; see {@link GregorAdmin#deleteConsumerGroupOffsets}. */
    Map<TopicPartition, Errors> deleteConsumerGroupOffsets(String groupId, Set<TopicPartition> partitions) {
        return withCoordinator(groupId, "OffsetDelete", (coordinator, deadline) -> {
            Struct req = ApiMessages.request(ApiKey.OFFSET_DELETE).newStruct().set(OffsetDeleteRequest.GROUP_ID, groupId);
            Map<String, Struct> topics = new HashMap<>();
            for (TopicPartition tp : partitions) {
                topics.computeIfAbsent(tp.topic(), t -> req.addElement(OffsetDeleteRequest.TOPICS)
                                .set(OffsetDeleteRequest.Topics.NAME, t))
                        .addElement(OffsetDeleteRequest.Topics.PARTITIONS)
                        .set(OffsetDeleteRequest.Topics.Partitions.PARTITION_INDEX, tp.partition());
            }
            Struct resp = NetworkClient.await(client.send(coordinator, ApiKey.OFFSET_DELETE, req), deadline);
            Errors error = Errors.forCode(resp.getShort(OffsetDeleteResponse.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new GregorApiException(error, "OffsetDelete for group '" + groupId + "' on " + coordinator
                        + ": " + error.message());
            }
            Map<TopicPartition, Errors> results = new TreeMap<>(PARTITION_ORDER);
            for (Struct t : resp.getStructs(OffsetDeleteResponse.TOPICS)) {
                for (Struct p : t.getStructs(OffsetDeleteResponse.Topics.PARTITIONS)) {
                    results.put(new TopicPartition(t.getString(OffsetDeleteResponse.Topics.NAME),
                                    p.getInt(OffsetDeleteResponse.Topics.Partitions.PARTITION_INDEX)),
                            Errors.forCode(p.getShort(OffsetDeleteResponse.Topics.Partitions.ERROR_CODE)));
                }
            }
            return results;
        });
    }

    /** DeleteGroups at each group's coordinator; the value per deleted group is the id of that coordinator. */
    BatchResult<Integer> deleteConsumerGroups(Collection<String> groupIds) {
        Map<String, Integer> ok = new LinkedHashMap<>();
        Map<String, GregorApiException> failed = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            try {
                ok.put(groupId, withCoordinator(groupId, "DeleteGroups", (coordinator, deadline) -> {
                    Struct req = ApiMessages.request(ApiKey.DELETE_GROUPS).newStruct()
                            .set(DeleteGroupsRequest.GROUPS_NAMES, List.of(groupId));
                    Struct resp = NetworkClient.await(client.send(coordinator, ApiKey.DELETE_GROUPS, req), deadline);
                    for (Struct r : resp.getStructs(DeleteGroupsResponse.RESULTS)) {
                        if (groupId.equals(r.getString(Results.GROUP_ID))) {
                            Errors error = Errors.forCode(r.getShort(Results.ERROR_CODE));
                            if (error != Errors.NONE) {
                                throw new GregorApiException(error, "DeleteGroups for group '" + groupId + "' on "
                                        + coordinator + ": " + error.message());
                            }
                            return coordinator.id();
                        }
                    }
                    throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "DeleteGroups answer from " + coordinator
                            + " does not mention group '" + groupId + "'");
                }));
            } catch (GregorApiException e) {
                failed.put(groupId, e);
            }
        }
        return new BatchResult<>(ok, failed);
    }

    /**
     * ListOffsets (read uncommitted) for each partition at its timestamp spec (-2 earliest, -1 latest);
     * partitions that the metadata does not know (a deleted topic, a partition past the count) are
     * left out of the answer rather than waited for.
     */
    Map<TopicPartition, Long> listOffsets(Map<TopicPartition, Long> timestamps) {
        if (timestamps.isEmpty()) {
            return Map.of();
        }
        Set<String> topics = new HashSet<>();
        timestamps.keySet().forEach(tp -> topics.add(tp.topic()));
        Cluster cluster = client.fetchMetadata(topics, false, config.defaultApiTimeoutMs());
        Set<TopicPartition> known = new HashSet<>();
        for (String topic : topics) {
            TopicMetadata t = cluster.topic(topic).orElse(null);
            if (t != null && t.error() == Errors.NONE) {
                t.partitions().stream().map(PartitionInfo::topicPartition).forEach(known::add);
            }
        }
        Map<TopicPartition, Long> lookup = new LinkedHashMap<>(timestamps);
        lookup.keySet().retainAll(known);
        return new OffsetLookup(client, READ_UNCOMMITTED).offsets(lookup, deadline());
    }
}
