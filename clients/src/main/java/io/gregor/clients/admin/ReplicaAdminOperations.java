package io.gregor.clients.admin;

import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionReassignmentsRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionReassignmentsResponse;
import io.gregor.clients.protocol.schemas.ElectLeadersRequest;
import io.gregor.clients.protocol.schemas.ElectLeadersResponse;
import io.gregor.clients.protocol.schemas.ElectLeadersResponse.ReplicaElectionResults;
import io.gregor.clients.protocol.schemas.ListPartitionReassignmentsRequest;
import io.gregor.clients.protocol.schemas.ListPartitionReassignmentsResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The replica-placement half of {@link GregorAdmin}: partition reassignment (start, cancel, list)
 * and leader election, all answered by the controller. A request goes to the controller the
 * metadata names; NOT_CONTROLLER (or another retriable error of the whole request, or a lost
 * connection) makes it look the controller up again and retry after {@code retry.backoff.ms},
 * until {@code default.api.timeout.ms}. Errors of single partitions are reported, not retried, as
 * Kafka's admin client does. Keeps no state of its own: thread safe as the {@link NetworkClient} is.
 */
final class ReplicaAdminOperations {
    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final CommonClientConfig config;
    private final NetworkClient client;

    ReplicaAdminOperations(CommonClientConfig config, NetworkClient client) {
        this.config = config;
        this.client = client;
    }

    /** Starts (a replica list) or cancels (empty) the reassignment of each partition. */
    PartitionResults alterPartitionReassignments(Map<TopicPartition, Optional<List<Integer>>> changes) {
        Struct response = toController(ApiKey.ALTER_PARTITION_REASSIGNMENTS, () -> {
            Struct req = ApiMessages.request(ApiKey.ALTER_PARTITION_REASSIGNMENTS).newStruct()
                    .set(AlterPartitionReassignmentsRequest.TIMEOUT_MS, config.requestTimeoutMs());
            byTopic(changes.keySet()).forEach((topic, partitions) -> {
                Struct t = req.addElement(AlterPartitionReassignmentsRequest.TOPICS)
                        .set(AlterPartitionReassignmentsRequest.Topics.NAME, topic);
                for (int p : partitions) {
                    t.addElement(AlterPartitionReassignmentsRequest.Topics.PARTITIONS)
                            .set(AlterPartitionReassignmentsRequest.Topics.Partitions.PARTITION_INDEX, p)
                            .set(AlterPartitionReassignmentsRequest.Topics.Partitions.REPLICAS,
                                    changes.get(new TopicPartition(topic, p)).map(List::copyOf).orElse(null));
                }
            });
            return req;
        }, AlterPartitionReassignmentsResponse.ERROR_CODE, AlterPartitionReassignmentsResponse.ERROR_MESSAGE);
        Set<TopicPartition> succeeded = new HashSet<>();
        Map<TopicPartition, GregorApiException> failed = new HashMap<>();
        for (Struct t : response.getStructs(AlterPartitionReassignmentsResponse.RESPONSES)) {
            String topic = t.getString(AlterPartitionReassignmentsResponse.Responses.NAME);
            for (Struct p : t.getStructs(AlterPartitionReassignmentsResponse.Responses.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(topic, p.getInt(AlterPartitionReassignmentsResponse.Responses.Partitions.PARTITION_INDEX));
                Errors error = Errors.forCode(p.getShort(AlterPartitionReassignmentsResponse.Responses.Partitions.ERROR_CODE));
                if (error == Errors.NONE) {
                    succeeded.add(tp);
                } else {
                    failed.put(tp, new GregorApiException(error,
                            p.getString(AlterPartitionReassignmentsResponse.Responses.Partitions.ERROR_MESSAGE)));
                }
            }
        }
        addUnanswered(changes.keySet(), succeeded, failed);
        return new PartitionResults(succeeded, failed);
    }

    /** The reassignments in progress, of the given partitions or (null) of all, in partition order. */
    Map<TopicPartition, PartitionReassignment> listPartitionReassignments(Set<TopicPartition> partitions) {
        Struct response = toController(ApiKey.LIST_PARTITION_REASSIGNMENTS, () -> {
            Struct req = ApiMessages.request(ApiKey.LIST_PARTITION_REASSIGNMENTS).newStruct()
                    .set(ListPartitionReassignmentsRequest.TIMEOUT_MS, config.requestTimeoutMs());
            if (partitions == null) {
                req.set(ListPartitionReassignmentsRequest.TOPICS, null);
            } else {
                req.set(ListPartitionReassignmentsRequest.TOPICS, new ArrayList<>());
                byTopic(partitions).forEach((topic, indexes) -> req.addElement(ListPartitionReassignmentsRequest.TOPICS)
                        .set(ListPartitionReassignmentsRequest.Topics.NAME, topic)
                        .set(ListPartitionReassignmentsRequest.Topics.PARTITION_INDEXES, indexes));
            }
            return req;
        }, ListPartitionReassignmentsResponse.ERROR_CODE, ListPartitionReassignmentsResponse.ERROR_MESSAGE);
        Map<TopicPartition, PartitionReassignment> out = new TreeMap<>(PARTITION_ORDER);
        for (Struct t : response.getStructs(ListPartitionReassignmentsResponse.TOPICS)) {
            String topic = t.getString(ListPartitionReassignmentsResponse.Topics.NAME);
            for (Struct p : t.getStructs(ListPartitionReassignmentsResponse.Topics.PARTITIONS)) {
                out.put(new TopicPartition(topic, p.getInt(ListPartitionReassignmentsResponse.Topics.Partitions.PARTITION_INDEX)),
                        new PartitionReassignment(p.getArray(ListPartitionReassignmentsResponse.Topics.Partitions.REPLICAS),
                                p.getArray(ListPartitionReassignmentsResponse.Topics.Partitions.ADDING_REPLICAS),
                                p.getArray(ListPartitionReassignmentsResponse.Topics.Partitions.REMOVING_REPLICAS)));
            }
        }
        return out;
    }

    /**
     * Elects leaders of the given partitions or (null) of every partition. A partition whose
     * election was not needed fails with ELECTION_NOT_NEEDED, as in Kafka.
     */
    PartitionResults electLeaders(ElectionType type, Set<TopicPartition> partitions) {
        Struct response = toController(ApiKey.ELECT_LEADERS, () -> {
            Struct req = ApiMessages.request(ApiKey.ELECT_LEADERS).newStruct()
                    .set(ElectLeadersRequest.ELECTION_TYPE, type.code)
                    .set(ElectLeadersRequest.TIMEOUT_MS, config.requestTimeoutMs());
            if (partitions == null) {
                req.set(ElectLeadersRequest.TOPIC_PARTITIONS, null);
            } else {
                req.set(ElectLeadersRequest.TOPIC_PARTITIONS, new ArrayList<>());
                byTopic(partitions).forEach((topic, indexes) -> req.addElement(ElectLeadersRequest.TOPIC_PARTITIONS)
                        .set(ElectLeadersRequest.TopicPartitions.TOPIC, topic)
                        .set(ElectLeadersRequest.TopicPartitions.PARTITIONS, indexes));
            }
            return req;
        }, ElectLeadersResponse.ERROR_CODE, null);
        Set<TopicPartition> succeeded = new HashSet<>();
        Map<TopicPartition, GregorApiException> failed = new HashMap<>();
        for (Struct t : response.getStructs(ElectLeadersResponse.REPLICA_ELECTION_RESULTS)) {
            String topic = t.getString(ReplicaElectionResults.TOPIC);
            for (Struct p : t.getStructs(ReplicaElectionResults.PARTITION_RESULT)) {
                TopicPartition tp = new TopicPartition(topic, p.getInt(ReplicaElectionResults.PartitionResult.PARTITION_ID));
                Errors error = Errors.forCode(p.getShort(ReplicaElectionResults.PartitionResult.ERROR_CODE));
                if (error == Errors.NONE) {
                    succeeded.add(tp);
                } else {
                    failed.put(tp, new GregorApiException(error, p.getString(ReplicaElectionResults.PartitionResult.ERROR_MESSAGE)));
                }
            }
        }
        if (partitions != null) {
            addUnanswered(partitions, succeeded, failed);
        }
        return new PartitionResults(succeeded, failed);
    }

    private static void addUnanswered(Set<TopicPartition> asked, Set<TopicPartition> succeeded,
                                      Map<TopicPartition, GregorApiException> failed) {
        for (TopicPartition tp : asked) {
            if (!succeeded.contains(tp) && !failed.containsKey(tp)) {
                failed.put(tp, new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "the controller did not answer for " + tp));
            }
        }
    }

    private static Map<String, List<Integer>> byTopic(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> out = new TreeMap<>();
        partitions.stream().sorted(PARTITION_ORDER)
                .forEach(tp -> out.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        return out;
    }

    /**
     * Sends the request {@code build} makes to the controller until it answers without a retriable
     * error of the whole request, or {@code default.api.timeout.ms} passes.
     */
    private Struct toController(ApiKey api, Supplier<Struct> build, Field<Short> errorCode, Field<String> errorMessage) {
        long deadline = System.currentTimeMillis() + config.defaultApiTimeoutMs();
        GregorApiException last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                Struct response = NetworkClient.await(client.send(controller(deadline), api, build.get()), deadline);
                Errors error = Errors.forCode(response.getShort(errorCode));
                if (error == Errors.NONE) {
                    return response;
                }
                String message = errorMessage == null ? null : response.getString(errorMessage);
                last = new GregorApiException(error, message == null || message.isEmpty() ? api.title : api.title + ": " + message);
                if (!error.isRetriable()) {
                    throw last;
                }
            } catch (GregorApiException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                last = e;
            }
            client.requestMetadataUpdate();
            NetworkClient.sleep(config.retryBackoffMs());
        }
        throw new GregorApiException(Errors.REQUEST_TIMED_OUT, api.title + " did not complete within default.api.timeout.ms"
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private Node controller(long deadline) {
        Cluster c = client.fetchMetadata(List.of(), false, Math.max(1, deadline - System.currentTimeMillis()));
        return c.node(c.controllerId()).orElseThrow(() ->
                new GregorApiException(Errors.NOT_CONTROLLER, "the metadata names no live controller (id " + c.controllerId() + ")"));
    }
}
