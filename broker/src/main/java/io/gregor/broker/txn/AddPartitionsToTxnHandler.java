package io.gregor.broker.txn;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * AddPartitionsToTxn v0-5. v0-3 (producers): one transaction; partitions this broker's metadata
 * does not know get UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, else every
 * partition gets the coordinator's answer (PRODUCER_FENCED as INVALID_PRODUCER_EPOCH before v2).
 * v4+ (partition leaders, KIP-890 part 1): a batch of transactions, each added or, verify-only,
 * looked up partition by partition; v4 does not know TRANSACTION_ABORTABLE.
 */
final class AddPartitionsToTxnHandler implements ApiHandler {
    private final TransactionCoordinator coordinator;
    private final Predicate<TopicPartition> partitionExists;

    AddPartitionsToTxnHandler(TransactionCoordinator coordinator, Predicate<TopicPartition> partitionExists) {
        this.coordinator = coordinator;
        this.partitionExists = partitionExists;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        Struct response = ApiMessages.response(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct();
        if (version < 4) {
            Set<TopicPartition> partitions = partitions(request.getStructs(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS));
            return add(request.getString(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID),
                    request.getLong(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID),
                    request.getShort(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH), partitions, version)
                    .thenApply(results -> {
                        writeTopics(response, AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW, results);
                        return response;
                    });
        }
        response.set(AddPartitionsToTxnResponse.ERROR_CODE, Errors.NONE.code());
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (Struct txn : request.getStructs(AddPartitionsToTxnRequest.TRANSACTIONS)) {
            String id = txn.getString(Transactions.TRANSACTIONAL_ID);
            Set<TopicPartition> partitions = partitions(txn.getStructs(Transactions.TOPICS));
            long producerId = txn.getLong(Transactions.PRODUCER_ID);
            short epoch = txn.getShort(Transactions.PRODUCER_EPOCH);
            Struct result = response.addElement(AddPartitionsToTxnResponse.RESULTS_BY_TRANSACTION)
                    .set(ResultsByTransaction.TRANSACTIONAL_ID, id);
            CompletableFuture<Map<TopicPartition, Errors>> answer = txn.getBool(Transactions.VERIFY_ONLY)
                    ? CompletableFuture.completedFuture(coordinator.verifyPartitions(id, producerId, epoch, partitions))
                    : add(id, producerId, epoch, partitions, version);
            pending.add(answer.thenAccept(results -> writeTopics(result, ResultsByTransaction.TOPIC_RESULTS, results)));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(v -> response);
    }

    private CompletableFuture<Map<TopicPartition, Errors>> add(String id, long producerId, short epoch,
                                                               Set<TopicPartition> partitions, short version) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        boolean unknown = partitions.stream().anyMatch(tp -> !partitionExists.test(tp));
        if (unknown) {
            partitions.forEach(tp -> results.put(tp, partitionExists.test(tp) ? Errors.OPERATION_NOT_ATTEMPTED
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION));
            return CompletableFuture.completedFuture(results);
        }
        return coordinator.addPartitions(id, producerId, epoch, partitions).thenApply(error -> {
            Errors answer = error == Errors.PRODUCER_FENCED && version < 2 ? Errors.INVALID_PRODUCER_EPOCH : error;
            partitions.forEach(tp -> results.put(tp, answer));
            return results;
        });
    }

    private static Set<TopicPartition> partitions(List<Struct> topics) {
        Set<TopicPartition> out = new LinkedHashSet<>();
        for (Struct topic : topics) {
            for (int p : topic.getArray(AddPartitionsToTxnTopic.PARTITIONS)) {
                out.add(new TopicPartition(topic.getString(AddPartitionsToTxnTopic.NAME), p));
            }
        }
        return out;
    }

    private static void writeTopics(Struct parent, io.gregor.clients.protocol.Field<List<Struct>> field,
                                    Map<TopicPartition, Errors> results) {
        Map<String, Struct> topics = new TreeMap<>();
        results.forEach((tp, error) -> topics.computeIfAbsent(tp.topic(), t -> parent.addElement(field)
                        .set(AddPartitionsToTxnTopicResult.NAME, t))
                .addElement(AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION)
                .set(AddPartitionsToTxnPartitionResult.PARTITION_INDEX, tp.partition())
                .set(AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE, error.code()));
    }
}
