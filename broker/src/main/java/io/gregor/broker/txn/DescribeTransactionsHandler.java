package io.gregor.broker.txn;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeTransactionsRequest;
import io.gregor.clients.protocol.schemas.DescribeTransactionsResponse;
import io.gregor.clients.protocol.schemas.DescribeTransactionsResponse.TransactionStates;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeTransactions v0: each transactional id's state, producer, timeout, start time and
 * partitions as its coordinator holds them; TRANSACTIONAL_ID_NOT_FOUND for an unknown id,
 * NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS where this broker does not (yet) coordinate it.
 */
final class DescribeTransactionsHandler implements ApiHandler {
    private final TransactionCoordinator coordinator;

    DescribeTransactionsHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_TRANSACTIONS).newStruct();
        for (String id : request.getArray(DescribeTransactionsRequest.TRANSACTIONAL_IDS)) {
            Struct out = response.addElement(DescribeTransactionsResponse.TRANSACTION_STATES)
                    .set(TransactionStates.TRANSACTIONAL_ID, id);
            TransactionCoordinator.Description d = coordinator.describe(id);
            out.set(TransactionStates.ERROR_CODE, d.error().code());
            if (d.error() != Errors.NONE) {
                out.set(TransactionStates.TRANSACTION_STATE, "").set(TransactionStates.PRODUCER_ID, -1L)
                        .set(TransactionStates.PRODUCER_EPOCH, (short) -1)
                        .set(TransactionStates.TRANSACTION_START_TIME_MS, -1L);
                continue;
            }
            TxnTransit t = d.state();
            out.set(TransactionStates.TRANSACTION_STATE, t.state().kafkaName)
                    .set(TransactionStates.TRANSACTION_TIMEOUT_MS, t.txnTimeoutMs())
                    .set(TransactionStates.TRANSACTION_START_TIME_MS, t.txnStartTimestamp())
                    .set(TransactionStates.PRODUCER_ID, t.producerId())
                    .set(TransactionStates.PRODUCER_EPOCH, t.producerEpoch());
            Map<String, List<Integer>> byTopic = new TreeMap<>();
            for (TopicPartition tp : t.partitions()) {
                byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition());
            }
            byTopic.forEach((topic, ids) -> out.addElement(TransactionStates.TOPICS)
                    .set(TransactionStates.Topics.TOPIC, topic).set(TransactionStates.Topics.PARTITIONS, ids));
        }
        return CompletableFuture.completedFuture(response);
    }
}
