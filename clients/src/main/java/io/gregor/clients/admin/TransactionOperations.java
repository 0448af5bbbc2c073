package io.gregor.clients.admin;

import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeProducersRequest;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse.Topics.Partitions.ActiveProducers;
import io.gregor.clients.protocol.schemas.DescribeTransactionsRequest;
import io.gregor.clients.protocol.schemas.DescribeTransactionsResponse;
import io.gregor.clients.protocol.schemas.DescribeTransactionsResponse.TransactionStates;
import io.gregor.clients.protocol.schemas.FindCoordinatorRequest;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.ListTransactionsRequest;
import io.gregor.clients.protocol.schemas.ListTransactionsResponse;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersRequest;
import io.gregor.clients.protocol.schemas.WriteTxnMarkersResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The transaction half of {@link GregorAdmin}, as Kafka's admin client does it: ListTransactions to
 * every broker (each lists the transactional ids it coordinates), DescribeTransactions to the id's
 * transaction coordinator (FindCoordinator key type 1), DescribeProducers to a partition's leader
 * or a named replica, and abortTransaction as WriteTxnMarkers (an ABORT marker) to the partition's
 * leader. Coordinator and leader moves are retried until the deadline. Keeps no state: thread safe
 * as the {@link NetworkClient} is.
 */
final class TransactionOperations {
    private static final byte TRANSACTION_KEY_TYPE = 1;
    private static final short FIND_COORDINATOR_SINGLE_KEY = 3;

    private final NetworkClient client;
    private final long retryBackoffMs;

    TransactionOperations(NetworkClient client, long retryBackoffMs) {
        this.client = client;
        this.retryBackoffMs = retryBackoffMs;
    }

    /** The transactions of every broker, by coordinator broker id; filters empty and -1 mean "all". */
    Map<Integer, List<TransactionListing>> list(Collection<String> states, Collection<Long> producerIds,
                                                long durationFilterMs, long deadlineMs) {
        Cluster cluster = client.fetchMetadata(List.of(), false, left(deadlineMs));
        Map<Integer, CompletableFuture<Struct>> answers = new TreeMap<>();
        for (Node broker : cluster.brokers().values()) {
            Struct req = ApiMessages.request(ApiKey.LIST_TRANSACTIONS).newStruct()
                    .set(ListTransactionsRequest.STATE_FILTERS, List.copyOf(states))
                    .set(ListTransactionsRequest.PRODUCER_ID_FILTERS, List.copyOf(producerIds))
                    .set(ListTransactionsRequest.DURATION_FILTER, durationFilterMs);
            // the duration filter exists from v1 on: without it v0 answers the same
            short max = durationFilterMs < 0 ? ApiKey.LIST_TRANSACTIONS.maxVersion : (short) 1;
            answers.put(broker.id(), client.send(broker, ApiKey.LIST_TRANSACTIONS, req, max));
        }
        Map<Integer, List<TransactionListing>> out = new TreeMap<>();
        for (var answer : answers.entrySet()) {
            Struct resp = NetworkClient.await(answer.getValue(), deadlineMs);
            Errors error = Errors.forCode(resp.getShort(ListTransactionsResponse.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new GregorApiException(error, "ListTransactions on broker " + answer.getKey());
            }
            List<TransactionListing> listings = new ArrayList<>();
            for (Struct t : resp.getStructs(ListTransactionsResponse.TRANSACTION_STATES)) {
                listings.add(new TransactionListing(t.getString(ListTransactionsResponse.TransactionStates.TRANSACTIONAL_ID),
                        t.getLong(ListTransactionsResponse.TransactionStates.PRODUCER_ID),
                        t.getString(ListTransactionsResponse.TransactionStates.TRANSACTION_STATE)));
            }
            out.put(answer.getKey(), listings);
        }
        return out;
    }

    /** DescribeTransactions of one transactional id at its coordinator. */
    TransactionDescription describe(String transactionalId, long deadlineMs) {
        return retrying(deadlineMs, "DescribeTransactions of " + transactionalId, () -> {
            Node coordinator = findTransactionCoordinator(transactionalId, deadlineMs);
            Struct req = ApiMessages.request(ApiKey.DESCRIBE_TRANSACTIONS).newStruct()
                    .set(DescribeTransactionsRequest.TRANSACTIONAL_IDS, List.of(transactionalId));
            Struct resp = NetworkClient.await(client.send(coordinator, ApiKey.DESCRIBE_TRANSACTIONS, req), deadlineMs);
            for (Struct s : resp.getStructs(DescribeTransactionsResponse.TRANSACTION_STATES)) {
                if (!transactionalId.equals(s.getString(TransactionStates.TRANSACTIONAL_ID))) {
                    continue;
                }
                Errors error = Errors.forCode(s.getShort(TransactionStates.ERROR_CODE));
                if (error != Errors.NONE) {
                    throw new GregorApiException(error, "DescribeTransactions of " + transactionalId + " on " + coordinator);
                }
                List<TopicPartition> partitions = new ArrayList<>();
                for (Struct t : s.getStructs(TransactionStates.TOPICS)) {
                    for (int p : t.get(TransactionStates.Topics.PARTITIONS)) {
                        partitions.add(new TopicPartition(t.getString(TransactionStates.Topics.TOPIC), p));
                    }
                }
                return new TransactionDescription(coordinator.id(), transactionalId,
                        s.getString(TransactionStates.TRANSACTION_STATE), s.getLong(TransactionStates.PRODUCER_ID),
                        s.getShort(TransactionStates.PRODUCER_EPOCH), s.getInt(TransactionStates.TRANSACTION_TIMEOUT_MS),
                        s.getLong(TransactionStates.TRANSACTION_START_TIME_MS), partitions);
            }
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "the coordinator " + coordinator
                    + " did not answer for transactional id " + transactionalId);
        });
    }

    /** DescribeProducers of one partition, at its leader or at broker {@code brokerId}. */
    List<ProducerState> describeProducers(TopicPartition tp, OptionalInt brokerId, long deadlineMs) {
        return retrying(deadlineMs, "DescribeProducers of " + tp, () -> {
            Node node = brokerId.isPresent() ? broker(brokerId.getAsInt(), deadlineMs) : leader(tp, deadlineMs);
            Struct req = ApiMessages.request(ApiKey.DESCRIBE_PRODUCERS).newStruct();
            req.addElement(DescribeProducersRequest.TOPICS).set(DescribeProducersRequest.Topics.NAME, tp.topic())
                    .set(DescribeProducersRequest.Topics.PARTITION_INDEXES, List.of(tp.partition()));
            Struct resp = NetworkClient.await(client.send(node, ApiKey.DESCRIBE_PRODUCERS, req), deadlineMs);
            for (Struct t : resp.getStructs(DescribeProducersResponse.TOPICS)) {
                for (Struct p : t.getStructs(DescribeProducersResponse.Topics.PARTITIONS)) {
                    if (!tp.topic().equals(t.getString(DescribeProducersResponse.Topics.NAME))
                            || p.getInt(DescribeProducersResponse.Topics.Partitions.PARTITION_INDEX) != tp.partition()) {
                        continue;
                    }
                    Errors error = Errors.forCode(p.getShort(DescribeProducersResponse.Topics.Partitions.ERROR_CODE));
                    if (error != Errors.NONE) {
                        String message = p.getString(DescribeProducersResponse.Topics.Partitions.ERROR_MESSAGE);
                        throw new GregorApiException(error, "DescribeProducers of " + tp + " on " + node
                                + (message == null ? "" : ": " + message));
                    }
                    List<ProducerState> out = new ArrayList<>();
                    for (Struct a : p.getStructs(DescribeProducersResponse.Topics.Partitions.ACTIVE_PRODUCERS)) {
                        out.add(new ProducerState(a.getLong(ActiveProducers.PRODUCER_ID), a.getInt(ActiveProducers.PRODUCER_EPOCH),
                                a.getInt(ActiveProducers.LAST_SEQUENCE), a.getLong(ActiveProducers.LAST_TIMESTAMP),
                                a.getInt(ActiveProducers.COORDINATOR_EPOCH), a.getLong(ActiveProducers.CURRENT_TXN_START_OFFSET)));
                    }
                    return out;
                }
            }
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, node + " did not answer DescribeProducers for " + tp);
        });
    }

    /** Writes an ABORT marker for the spec's producer into its partition (WriteTxnMarkers to the leader). */
    void abort(AbortTransactionSpec spec, long deadlineMs) {
        TopicPartition tp = spec.topicPartition();
        retrying(deadlineMs, "aborting the transaction of producer " + spec.producerId() + " in " + tp, () -> {
            Node leader = leader(tp, deadlineMs);
            Struct req = ApiMessages.request(ApiKey.WRITE_TXN_MARKERS).newStruct();
            Struct marker = req.addElement(WriteTxnMarkersRequest.MARKERS)
                    .set(WriteTxnMarkersRequest.Markers.PRODUCER_ID, spec.producerId())
                    .set(WriteTxnMarkersRequest.Markers.PRODUCER_EPOCH, spec.producerEpoch())
                    .set(WriteTxnMarkersRequest.Markers.TRANSACTION_RESULT, false)
                    .set(WriteTxnMarkersRequest.Markers.COORDINATOR_EPOCH, spec.coordinatorEpoch());
            marker.addElement(WriteTxnMarkersRequest.Markers.TOPICS)
                    .set(WriteTxnMarkersRequest.Markers.Topics.NAME, tp.topic())
                    .set(WriteTxnMarkersRequest.Markers.Topics.PARTITION_INDEXES, List.of(tp.partition()));
            Struct resp = NetworkClient.await(client.send(leader, ApiKey.WRITE_TXN_MARKERS, req), deadlineMs);
            for (Struct m : resp.getStructs(WriteTxnMarkersResponse.MARKERS)) {
                for (Struct t : m.getStructs(WriteTxnMarkersResponse.Markers.TOPICS)) {
                    for (Struct p : t.getStructs(WriteTxnMarkersResponse.Markers.Topics.PARTITIONS)) {
                        Errors error = Errors.forCode(p.getShort(WriteTxnMarkersResponse.Markers.Topics.Partitions.ERROR_CODE));
                        if (error != Errors.NONE) {
                            throw new GregorApiException(error, "WriteTxnMarkers to " + tp + " on " + leader);
                        }
                        return null;
                    }
                }
            }
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, leader + " did not answer WriteTxnMarkers for " + tp);
        });
    }

    private Node findTransactionCoordinator(String transactionalId, long deadlineMs) {
        Struct req = ApiMessages.request(ApiKey.FIND_COORDINATOR).newStruct().set(FindCoordinatorRequest.KEY, transactionalId)
                .set(FindCoordinatorRequest.KEY_TYPE, TRANSACTION_KEY_TYPE);
        Struct resp = client.sendToAnyNode(ApiKey.FIND_COORDINATOR, req, FIND_COORDINATOR_SINGLE_KEY, left(deadlineMs));
        Errors error = Errors.forCode(resp.getShort(FindCoordinatorResponse.ERROR_CODE));
        if (error != Errors.NONE) {
            throw new GregorApiException(error, "FindCoordinator for transactional id " + transactionalId);
        }
        return new Node(resp.getInt(FindCoordinatorResponse.NODE_ID), resp.getString(FindCoordinatorResponse.HOST),
                resp.getInt(FindCoordinatorResponse.PORT));
    }

    private Node leader(TopicPartition tp, long deadlineMs) {
        Cluster cluster = client.fetchMetadata(List.of(tp.topic()), false, left(deadlineMs));
        var topic = cluster.topic(tp.topic());
        if (topic.isPresent() && topic.get().error() != Errors.NONE && !topic.get().error().isRetriable()) {
            throw new GregorApiException(topic.get().error(), "metadata of topic " + tp.topic());
        }
        if (topic.isPresent() && topic.get().error() == Errors.NONE && tp.partition() >= topic.get().partitions().size()) {
            throw new GregorApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "topic " + tp.topic() + " has no partition "
                    + tp.partition());
        }
        return cluster.leaderFor(tp).orElseThrow(() -> new GregorApiException(Errors.LEADER_NOT_AVAILABLE,
                "no leader known for " + tp));
    }

    private Node broker(int id, long deadlineMs) {
        Cluster cluster = client.fetchMetadata(List.of(), false, left(deadlineMs));
        Node node = cluster.brokers().get(id);
        if (node == null) {
            throw new GregorApiException(Errors.BROKER_NOT_AVAILABLE, "broker " + id + " is not in the cluster");
        }
        return node;
    }

    /** Runs {@code call} again after retriable errors (coordinator or leader moved) until the deadline. */
    private <T> T retrying(long deadlineMs, String what, Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (GregorApiException e) {
                if (!e.isRetriable() || System.currentTimeMillis() + retryBackoffMs >= deadlineMs) {
                    throw e;
                }
                client.requestMetadataUpdate();
                NetworkClient.sleep(retryBackoffMs);
            }
        }
    }

    private static long left(long deadlineMs) {
        return Math.max(1, deadlineMs - System.currentTimeMillis());
    }
}
