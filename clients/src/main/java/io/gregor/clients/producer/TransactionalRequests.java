package io.gregor.clients.producer;

import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AddOffsetsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddOffsetsToTxnResponse;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnRequest.AddPartitionsToTxnTopic;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult;
import io.gregor.clients.protocol.schemas.AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult;
import io.gregor.clients.protocol.schemas.EndTxnRequest;
import io.gregor.clients.protocol.schemas.EndTxnResponse;
import io.gregor.clients.protocol.schemas.FindCoordinatorRequest;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitRequest;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends the {@link TransactionalStep} a {@link TransactionManager} asks for and reports the answer
 * back to it. Runs on the producer's sender thread and waits for each answer (at most
 * {@code request.timeout.ms}); transactional requests are rare next to produce requests.
 */
final class TransactionalRequests {
    /** FindCoordinator with one key (v4+ batches keys); Kafka's producer uses the single-key form for brokers before 2.8 too. */
    private static final short FIND_COORDINATOR_SINGLE_KEY = 3;
    /** AddPartitionsToTxn v4+ is the brokers' batched (verify-only) form; a client sends v3 at most, as Kafka's does. */
    private static final short ADD_PARTITIONS_CLIENT_MAX = 3;

    private final TransactionManager manager;
    private final NetworkClient client;
    private final long requestTimeoutMs;

    TransactionalRequests(TransactionManager manager, NetworkClient client, long requestTimeoutMs) {
        this.manager = manager;
        this.client = client;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /** Sends the manager's next step, if any; returns whether it sent one. */
    boolean sendNext(boolean batchesIdle) {
        var step = manager.nextStep(System.currentTimeMillis(), batchesIdle);
        if (step.isEmpty()) {
            return false;
        }
        try {
            send(step.get());
        } catch (GregorApiException e) {
            manager.onRequestFailed(step.get(), e, System.currentTimeMillis());
        }
        return true;
    }

    private void send(TransactionalStep step) {
        if (step instanceof TransactionalStep.FindCoordinator s) {
            findCoordinator(s);
        } else if (step instanceof TransactionalStep.InitProducerId s) {
            initProducerId(s);
        } else if (step instanceof TransactionalStep.AddPartitions s) {
            addPartitions(s);
        } else if (step instanceof TransactionalStep.AddOffsets s) {
            addOffsets(s);
        } else if (step instanceof TransactionalStep.TxnOffsetCommit s) {
            txnOffsetCommit(s);
        } else if (step instanceof TransactionalStep.EndTxn s) {
            endTxn(s);
        }
    }

    private Struct await(Node node, ApiKey api, Struct request, short maxVersion) {
        return NetworkClient.await(client.send(node, api, request, maxVersion), System.currentTimeMillis() + requestTimeoutMs);
    }

    private void findCoordinator(TransactionalStep.FindCoordinator s) {
        Struct req = ApiMessages.request(ApiKey.FIND_COORDINATOR).newStruct().set(FindCoordinatorRequest.KEY, s.key())
                .set(FindCoordinatorRequest.KEY_TYPE, s.keyType());
        Struct resp = client.sendToAnyNode(ApiKey.FIND_COORDINATOR, req, FIND_COORDINATOR_SINGLE_KEY, requestTimeoutMs);
        Errors error = Errors.forCode(resp.getShort(FindCoordinatorResponse.ERROR_CODE));
        Node node = error != Errors.NONE ? null : new Node(resp.getInt(FindCoordinatorResponse.NODE_ID),
                resp.getString(FindCoordinatorResponse.HOST), resp.getInt(FindCoordinatorResponse.PORT));
        manager.onFindCoordinator(s, error, node, System.currentTimeMillis());
    }

    private void initProducerId(TransactionalStep.InitProducerId s) {
        Struct req = ApiMessages.request(ApiKey.INIT_PRODUCER_ID).newStruct()
                .set(InitProducerIdRequest.TRANSACTIONAL_ID, s.transactionalId())
                .set(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS, s.transactionTimeoutMs())
                .set(InitProducerIdRequest.PRODUCER_ID, s.producerId())
                .set(InitProducerIdRequest.PRODUCER_EPOCH, s.producerEpoch());
        Struct resp = await(s.coordinator(), ApiKey.INIT_PRODUCER_ID, req, ApiKey.INIT_PRODUCER_ID.maxVersion);
        manager.onInitProducerId(Errors.forCode(resp.getShort(InitProducerIdResponse.ERROR_CODE)),
                resp.getLong(InitProducerIdResponse.PRODUCER_ID), resp.getShort(InitProducerIdResponse.PRODUCER_EPOCH),
                System.currentTimeMillis());
    }

    private void addPartitions(TransactionalStep.AddPartitions s) {
        Struct req = ApiMessages.request(ApiKey.ADD_PARTITIONS_TO_TXN).newStruct()
                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_TRANSACTIONAL_ID, s.transactionalId())
                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_ID, s.producerId())
                .set(AddPartitionsToTxnRequest.V3_AND_BELOW_PRODUCER_EPOCH, s.producerEpoch());
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        s.partitions().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        byTopic.forEach((topic, partitions) -> req.addElement(AddPartitionsToTxnRequest.V3_AND_BELOW_TOPICS)
                .set(AddPartitionsToTxnTopic.NAME, topic).set(AddPartitionsToTxnTopic.PARTITIONS, partitions));
        Struct resp = await(s.coordinator(), ApiKey.ADD_PARTITIONS_TO_TXN, req, ADD_PARTITIONS_CLIENT_MAX);
        manager.onAddPartitions(partitionErrors(resp.getStructs(AddPartitionsToTxnResponse.RESULTS_BY_TOPIC_V3_AND_BELOW),
                AddPartitionsToTxnTopicResult.NAME, AddPartitionsToTxnTopicResult.RESULTS_BY_PARTITION,
                AddPartitionsToTxnPartitionResult.PARTITION_INDEX, AddPartitionsToTxnPartitionResult.PARTITION_ERROR_CODE,
                s.partitions()), System.currentTimeMillis());
    }

    private void addOffsets(TransactionalStep.AddOffsets s) {
        Struct req = ApiMessages.request(ApiKey.ADD_OFFSETS_TO_TXN).newStruct()
                .set(AddOffsetsToTxnRequest.TRANSACTIONAL_ID, s.transactionalId())
                .set(AddOffsetsToTxnRequest.PRODUCER_ID, s.producerId())
                .set(AddOffsetsToTxnRequest.PRODUCER_EPOCH, s.producerEpoch())
                .set(AddOffsetsToTxnRequest.GROUP_ID, s.groupId());
        Struct resp = await(s.coordinator(), ApiKey.ADD_OFFSETS_TO_TXN, req, ApiKey.ADD_OFFSETS_TO_TXN.maxVersion);
        manager.onAddOffsets(Errors.forCode(resp.getShort(AddOffsetsToTxnResponse.ERROR_CODE)), System.currentTimeMillis());
    }

    private void txnOffsetCommit(TransactionalStep.TxnOffsetCommit s) {
        Struct req = ApiMessages.request(ApiKey.TXN_OFFSET_COMMIT).newStruct()
                .set(TxnOffsetCommitRequest.TRANSACTIONAL_ID, s.transactionalId())
                .set(TxnOffsetCommitRequest.GROUP_ID, s.group().groupId())
                .set(TxnOffsetCommitRequest.PRODUCER_ID, s.producerId())
                .set(TxnOffsetCommitRequest.PRODUCER_EPOCH, s.producerEpoch())
                .set(TxnOffsetCommitRequest.GENERATION_ID, s.group().generationId())
                .set(TxnOffsetCommitRequest.MEMBER_ID, s.group().memberId())
                .set(TxnOffsetCommitRequest.GROUP_INSTANCE_ID, s.group().groupInstanceId());
        Map<String, Struct> topics = new TreeMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : s.offsets().entrySet()) {
            TopicPartition tp = e.getKey();
            topics.computeIfAbsent(tp.topic(), t -> req.addElement(TxnOffsetCommitRequest.TOPICS)
                            .set(TxnOffsetCommitRequest.Topics.NAME, t))
                    .addElement(TxnOffsetCommitRequest.Topics.PARTITIONS)
                    .set(TxnOffsetCommitRequest.Topics.Partitions.PARTITION_INDEX, tp.partition())
                    .set(TxnOffsetCommitRequest.Topics.Partitions.COMMITTED_OFFSET, e.getValue().offset())
                    .set(TxnOffsetCommitRequest.Topics.Partitions.COMMITTED_LEADER_EPOCH, e.getValue().leaderEpoch())
                    .set(TxnOffsetCommitRequest.Topics.Partitions.COMMITTED_METADATA, e.getValue().metadata());
        }
        Struct resp = await(s.groupCoordinator(), ApiKey.TXN_OFFSET_COMMIT, req, ApiKey.TXN_OFFSET_COMMIT.maxVersion);
        manager.onTxnOffsetCommit(partitionErrors(resp.getStructs(TxnOffsetCommitResponse.TOPICS),
                TxnOffsetCommitResponse.Topics.NAME, TxnOffsetCommitResponse.Topics.PARTITIONS,
                TxnOffsetCommitResponse.Topics.Partitions.PARTITION_INDEX, TxnOffsetCommitResponse.Topics.Partitions.ERROR_CODE,
                s.offsets().keySet()), System.currentTimeMillis());
    }

    private void endTxn(TransactionalStep.EndTxn s) {
        Struct req = ApiMessages.request(ApiKey.END_TXN).newStruct()
                .set(EndTxnRequest.TRANSACTIONAL_ID, s.transactionalId())
                .set(EndTxnRequest.PRODUCER_ID, s.producerId())
                .set(EndTxnRequest.PRODUCER_EPOCH, s.producerEpoch())
                .set(EndTxnRequest.COMMITTED, s.committed());
        Struct resp = await(s.coordinator(), ApiKey.END_TXN, req, ApiKey.END_TXN.maxVersion);
        manager.onEndTxn(s.committed(), Errors.forCode(resp.getShort(EndTxnResponse.ERROR_CODE)), System.currentTimeMillis());
    }

    /**
     * Each partition's error in a response's {@code topics}, read through the response's fields; a
     * partition of {@code asked} it does not answer gets UNKNOWN_SERVER_ERROR (the coordinator must
     * answer for every partition).
     */
    private static Map<TopicPartition, Errors> partitionErrors(List<Struct> topics, Field<String> topicName,
                                                               Field<List<Struct>> partitions, Field<Integer> partitionIndex,
                                                               Field<Short> errorCode, Collection<TopicPartition> asked) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (Struct t : topics) {
            for (Struct p : t.getStructs(partitions)) {
                errors.put(new TopicPartition(t.getString(topicName), p.getInt(partitionIndex)),
                        Errors.forCode(p.getShort(errorCode)));
            }
        }
        for (TopicPartition tp : asked) {
            errors.putIfAbsent(tp, Errors.UNKNOWN_SERVER_ERROR);
        }
        return errors;
    }
}
