package io.gregor.broker.security;

import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.ResourceType;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AddOffsetsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTopic;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult;
import io.gregor.clients.protocol.schemas.DescribeTransactionsRequest;
import io.gregor.clients.protocol.schemas.DescribeTransactionsResponse;
import io.gregor.clients.protocol.schemas.EndTxnRequest;
import io.gregor.clients.protocol.schemas.ListTransactionsResponse;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitRequest;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction APIs' authorization, as Kafka's KafkaApis does it: the producer's calls need
 * Write on the TransactionalId (AddPartitionsToTxn v0-3 also Write on each topic, AddOffsetsToTxn
 * Read on the group); AddPartitionsToTxn v4+ comes from brokers and needs ClusterAction (as
 * WriteTxnMarkers, whose check is the data plane's); DescribeTransactions answers
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED for the ids the caller may not Describe, ListTransactions
 * leaves them out. TxnOffsetCommit needs Write on the TransactionalId, Read on the group and Read on
 * each topic.
 */
final class TransactionChecks {
    private TransactionChecks() {
    }

    static ApiCheck addPartitionsToTxn() {
        return (auth, context, request, next) -> {
            if (context.apiVersion() >= 4) {
                return auth.authorizeCluster(AclOperation.CLUSTER_ACTION) ? next.handle(context, request)
                        : AuthorizationGate.refuse(ApiKey.ADD_PARTITIONS_TO_TXN, context.apiVersion(),
                        Errors.CLUSTER_AUTHORIZATION_FAILED);
            }
            List<Struct> topics = request.getStructs(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS);
            boolean idAllowed = auth.authorize(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                    request.getString(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID));
            List<String> refusedTopics = new ArrayList<>();
            if (idAllowed) {
                for (Struct topic : topics) {
                    String name = topic.getString(AddPartitionsToTxnTopic.NAME);
                    if (!auth.authorize(AclOperation.WRITE, ResourceType.TOPIC, name)) {
                        refusedTopics.add(name);
                    }
                }
                if (refusedTopics.isEmpty()) {
                    return next.handle(context, request);
                }
            }
            Struct response = ApiMessages.response(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct();
            for (Struct topic : topics) {
                String name = topic.getString(AddPartitionsToTxnTopic.NAME);
                Errors error = !idAllowed ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                        : refusedTopics.contains(name) ? Errors.TOPIC_AUTHORIZATION_FAILED : Errors.OPERATION_NOT_ATTEMPTED;
                Struct out = response.addElement(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW)
                        .set(AddPartitionsToTxnTopicResult.NAME, name);
                for (int p : topic.getArray(AddPartitionsToTxnTopic.PARTITIONS)) {
                    out.addElement(AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION)
                            .set(AddPartitionsToTxnPartitionResult.PARTITION_INDEX, p)
                            .set(AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE, error.code());
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    static ApiCheck addOffsetsToTxn() {
        return (auth, context, request, next) -> {
            if (!auth.authorize(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                    request.getString(AddOffsetsToTxnRequest.TRANSACTIONAL_ID))) {
                return AuthorizationGate.refuse(context.apiKey(), context.apiVersion(), Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
            }
            if (!auth.authorize(AclOperation.READ, ResourceType.GROUP, request.getString(AddOffsetsToTxnRequest.GROUP_ID))) {
                return AuthorizationGate.refuse(context.apiKey(), context.apiVersion(), Errors.GROUP_AUTHORIZATION_FAILED);
            }
            return next.handle(context, request);
        };
    }

    static ApiCheck endTxn() {
        return writeOnTransactionalId(EndTxnRequest.TRANSACTIONAL_ID);
    }

    private static ApiCheck writeOnTransactionalId(Field<String> id) {
        return (auth, context, request, next) -> auth.authorize(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                request.getString(id)) ? next.handle(context, request)
                : AuthorizationGate.refuse(context.apiKey(), context.apiVersion(), Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    }

    static ApiCheck describeTransactions() {
        return (auth, context, request, next) -> {
            List<String> refused = new ArrayList<>();
            for (String id : request.getArray(DescribeTransactionsRequest.TRANSACTIONAL_IDS)) {
                if (!auth.authorize(AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, id)) {
                    refused.add(id);
                }
            }
            if (refused.isEmpty()) {
                return next.handle(context, request);
            }
            List<String> allowed = new ArrayList<>(request.getArray(DescribeTransactionsRequest.TRANSACTIONAL_IDS));
            allowed.removeAll(refused);
            Struct narrowed = ApiMessages.request(ApiKey.DESCRIBE_TRANSACTIONS).newStruct()
                    .set(DescribeTransactionsRequest.TRANSACTIONAL_IDS, allowed);
            return next.handle(context, narrowed).thenApply(response -> {
                for (String id : refused) {
                    response.addElement(DescribeTransactionsResponse.TRANSACTION_STATES)
                            .set(DescribeTransactionsResponse.TransactionStates.TRANSACTIONAL_ID, id)
                            .set(DescribeTransactionsResponse.TransactionStates.ERROR_CODE,
                                    Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                            .set(DescribeTransactionsResponse.TransactionStates.TRANSACTION_STATE, "")
                            .set(DescribeTransactionsResponse.TransactionStates.PRODUCER_ID, -1L)
                            .set(DescribeTransactionsResponse.TransactionStates.PRODUCER_EPOCH, (short) -1)
                            .set(DescribeTransactionsResponse.TransactionStates.TRANSACTION_START_TIME_MS, -1L);
                }
                return response;
            });
        };
    }

    static ApiCheck listTransactions() {
        return (auth, context, request, next) -> next.handle(context, request).thenApply(response -> {
            List<Struct> visible = new ArrayList<>();
            for (Struct t : response.getStructs(ListTransactionsResponse.TRANSACTION_STATES)) {
                if (auth.isAllowed(AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID,
                        t.getString(ListTransactionsResponse.TransactionStates.TRANSACTIONAL_ID))) {
                    visible.add(t);
                }
            }
            return response.set(ListTransactionsResponse.TRANSACTION_STATES, visible);
        });
    }

    static ApiCheck txnOffsetCommit() {
        return (auth, context, request, next) -> {
            Errors whole = null;
            if (!auth.authorize(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                    request.getString(TxnOffsetCommitRequest.TRANSACTIONAL_ID))) {
                whole = Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
            } else if (!auth.authorize(AclOperation.READ, ResourceType.GROUP, request.getString(TxnOffsetCommitRequest.GROUP_ID))) {
                whole = Errors.GROUP_AUTHORIZATION_FAILED;
            }
            List<Struct> allowed = new ArrayList<>();
            List<Struct> refused = new ArrayList<>();
            for (Struct topic : request.getStructs(TxnOffsetCommitRequest.TOPICS)) {
                boolean ok = whole == null && auth.authorize(AclOperation.READ, ResourceType.TOPIC,
                        topic.getString(TxnOffsetCommitRequest.Topics.NAME));
                (ok ? allowed : refused).add(topic);
            }
            if (refused.isEmpty()) {
                return next.handle(context, request);
            }
            Errors error = whole != null ? whole : Errors.TOPIC_AUTHORIZATION_FAILED;
            CompletableFuture<Struct> answer = allowed.isEmpty()
                    ? CompletableFuture.completedFuture(ApiMessages.response(ApiKey.TXN_OFFSET_COMMIT).newStruct())
                    : next.handle(context, request.set(TxnOffsetCommitRequest.TOPICS, allowed));
            return answer.thenApply(response -> {
                for (Struct topic : refused) {
                    Struct t = response.addElement(TxnOffsetCommitResponse.TOPICS)
                            .set(TxnOffsetCommitResponse.Topics.NAME, topic.getString(TxnOffsetCommitRequest.Topics.NAME));
                    for (Struct p : topic.getStructs(TxnOffsetCommitRequest.Topics.PARTITIONS)) {
                        t.addElement(TxnOffsetCommitResponse.Topics.PARTITIONS)
                                .set(TxnOffsetCommitResponse.Topics.Partitions.PARTITION_INDEX,
                                        p.getInt(TxnOffsetCommitRequest.Topics.Partitions.PARTITION_INDEX))
                                .set(TxnOffsetCommitResponse.Topics.Partitions.ERROR_CODE, error.code());
                    }
                }
                return response;
            });
        };
    }
}
