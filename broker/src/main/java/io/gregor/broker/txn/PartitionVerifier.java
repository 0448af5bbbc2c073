package io.gregor.broker.txn;

import io.gregor.broker.metadata.MetadataCache;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTopic;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest.Transactions;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.ResultsByTransaction;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partition leader's side of KIP-890 part 1: before a transactional batch opens a transaction in
 * a partition, ask the producer's transaction coordinator (this broker's own coordinator directly,
 * another broker with AddPartitionsToTxn v4 verify-only over the inter-broker listener) whether the
 * partition is in the producer's ongoing transaction. Completes with the partitions that must not be
 * appended to and the error the producer gets: INVALID_TXN_STATE (not in the transaction),
 * INVALID_PRODUCER_EPOCH (fenced), or the retriable NOT_ENOUGH_REPLICAS when the coordinator could
 * not answer (moving, loading, unreachable), as Kafka maps them. Never blocks the caller: remote
 * calls run on one verifier thread, which owns its connections.
 */
public final class PartitionVerifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PartitionVerifier.class);
    private static final short VERSION = 4;

    private final int brokerId;
    private final TransactionCoordinator coordinator;
    private final MetadataCache metadataCache;
    private final ExecutorService sender;
    private final InterBrokerConnections connections; // sender thread only

    PartitionVerifier(int brokerId, TransactionCoordinator coordinator, MetadataCache metadataCache, String listenerName,
                      ClientSecurity security, int requestTimeoutMs) {
        this.brokerId = brokerId;
        this.coordinator = coordinator;
        this.metadataCache = metadataCache;
        this.connections = new InterBrokerConnections(brokerId, metadataCache, listenerName, security, requestTimeoutMs,
                "txn-verify");
        this.sender = Executors.newSingleThreadExecutor(InterBrokerConnections.senderThread("txn-partition-verifier", brokerId));
    }

    /** The partitions of {@code partitions} that must not be appended to, with the error to answer. */
    public CompletableFuture<Map<TopicPartition, Errors>> verify(String transactionalId, long producerId,
                                                                 short producerEpoch, Set<TopicPartition> partitions) {
        int leader = metadataCache.partition(TransactionHandlers.TOPIC, coordinator.partitionFor(transactionalId))
                .map(p -> p.leader()).orElse(-1);
        if (leader == brokerId) {
            return CompletableFuture.completedFuture(refusals(
                    coordinator.verifyPartitions(transactionalId, producerId, producerEpoch, partitions), partitions));
        }
        if (leader < 0) {
            return CompletableFuture.completedFuture(all(partitions, Errors.NOT_ENOUGH_REPLICAS));
        }
        return CompletableFuture.supplyAsync(() -> ask(leader, transactionalId, producerId, producerEpoch, partitions),
                sender);
    }

    private Map<TopicPartition, Errors> ask(int leader, String transactionalId, long producerId, short producerEpoch,
                                           Set<TopicPartition> partitions) {
        Struct request = ApiMessages.request(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct();
        Struct txn = request.addElement(AddPartitionsToTxnRequest.TRANSACTIONS)
                .set(Transactions.TRANSACTIONAL_ID, transactionalId).set(Transactions.PRODUCER_ID, producerId)
                .set(Transactions.PRODUCER_EPOCH, producerEpoch).set(Transactions.VERIFY_ONLY, true);
        InterBrokerConnections.byTopic(partitions).forEach((topic, ids) -> txn.addElement(Transactions.TOPICS)
                .set(AddPartitionsToTxnTopic.NAME, topic).set(AddPartitionsToTxnTopic.PARTITIONS, ids));
        Struct response;
        try {
            response = connections.to(leader).send(ApiKey.ADD_PARTITIONS_TO_TXN, VERSION, request);
        } catch (IOException | RuntimeException e) {
            log.info("Verifying partitions of transactional id {} with coordinator {} failed: {}", transactionalId, leader,
                    e.toString());
            connections.close(leader);
            return all(partitions, Errors.NOT_ENOUGH_REPLICAS);
        }
        Errors whole = Errors.forCode(response.getShort(AddPartitionsToTxnResponse.ERROR_CODE));
        if (whole != Errors.NONE) {
            return all(partitions, whole);
        }
        Map<TopicPartition, Errors> results = new HashMap<>();
        for (Struct t : response.getStructs(AddPartitionsToTxnResponse.RESULTS_BY_TRANSACTION)) {
            if (!transactionalId.equals(t.getString(ResultsByTransaction.TRANSACTIONAL_ID))) {
                continue;
            }
            for (Struct topic : t.getStructs(ResultsByTransaction.TOPIC_RESULTS)) {
                for (Struct p : topic.getStructs(AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION)) {
                    results.put(new TopicPartition(topic.getString(AddPartitionsToTxnTopicResult.NAME),
                                    p.getInt(AddPartitionsToTxnPartitionResult.PARTITION_INDEX)),
                            Errors.forCode(p.getShort(AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE)));
                }
            }
        }
        return refusals(results, partitions);
    }

    /** The coordinator's answers as the producer sees them; a partition it did not answer is refused too. */
    static Map<TopicPartition, Errors> refusals(Map<TopicPartition, Errors> answers, Set<TopicPartition> asked) {
        Map<TopicPartition, Errors> out = new HashMap<>();
        for (TopicPartition tp : asked) {
            Errors e = answers.getOrDefault(tp, Errors.NOT_ENOUGH_REPLICAS);
            switch (e) {
                case NONE -> {
                }
                case INVALID_TXN_STATE, INVALID_PRODUCER_ID_MAPPING -> out.put(tp, Errors.INVALID_TXN_STATE);
                case PRODUCER_FENCED, INVALID_PRODUCER_EPOCH -> out.put(tp, Errors.INVALID_PRODUCER_EPOCH);
                default -> out.put(tp, Errors.NOT_ENOUGH_REPLICAS);
            }
        }
        return out;
    }

    private static Map<TopicPartition, Errors> all(Set<TopicPartition> partitions, Errors coordinatorError) {
        Map<TopicPartition, Errors> answers = new HashMap<>();
        partitions.forEach(tp -> answers.put(tp, coordinatorError));
        return refusals(answers, partitions);
    }

    @Override
    public void close() {
        sender.execute(connections::closeAll);
        sender.shutdown();
    }
}
