package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeProducersRequest;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse.Topics.Partitions;
import io.gregor.clients.protocol.schemas.DescribeProducersResponse.Topics.Partitions.ActiveProducers;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.Partition;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.producer.ProducerView;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeProducers (v0): per partition this broker leads, the producers its producer state knows
 * (epoch, last sequence, last timestamp, coordinator epoch, open transaction's first offset), as
 * {@code kafka-transactions.sh describe-producers} shows them. A partition this broker does not host
 * answers UNKNOWN_TOPIC_OR_PARTITION (KAFKA_STORAGE_ERROR if its log dir is offline), one it only
 * follows NOT_LEADER_OR_FOLLOWER. Read on the topic is checked before (the broker's authorization gate).
 */
public final class DescribeProducersHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public DescribeProducersHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_PRODUCERS).newStruct();
        for (Struct topic : request.getStructs(DescribeProducersRequest.TOPICS)) {
            String name = topic.getString(DescribeProducersRequest.Topics.NAME);
            Struct topicOut = response.addElement(DescribeProducersResponse.TOPICS)
                    .set(DescribeProducersResponse.Topics.NAME, name);
            for (int index : topic.getArray(DescribeProducersRequest.Topics.PARTITION_INDEXES)) {
                Struct out = topicOut.addElement(DescribeProducersResponse.Topics.PARTITIONS)
                        .set(Partitions.PARTITION_INDEX, index);
                describe(name, index, out);
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private void describe(String topic, int index, Struct out) {
        if (topic.isEmpty() || index < 0) {
            out.set(Partitions.ERROR_CODE, Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return;
        }
        TopicPartition tp = new TopicPartition(topic, index);
        Optional<Partition> partition = replicaManager.partition(tp);
        if (partition.isEmpty()) {
            Errors error = replicaManager.isOffline(tp) ? Errors.KAFKA_STORAGE_ERROR : Errors.UNKNOWN_TOPIC_OR_PARTITION;
            out.set(Partitions.ERROR_CODE, error.code());
            return;
        }
        if (!partition.get().isLeader()) {
            out.set(Partitions.ERROR_CODE, Errors.NOT_LEADER_OR_FOLLOWER.code());
            return;
        }
        out.set(Partitions.ERROR_CODE, Errors.NONE.code());
        for (ProducerView producer : partition.get().producers()) {
            out.addElement(Partitions.ACTIVE_PRODUCERS)
                    .set(ActiveProducers.PRODUCER_ID, producer.producerId())
                    .set(ActiveProducers.PRODUCER_EPOCH, (int) producer.producerEpoch())
                    .set(ActiveProducers.LAST_SEQUENCE, producer.lastSequence())
                    .set(ActiveProducers.LAST_TIMESTAMP, producer.lastTimestamp())
                    .set(ActiveProducers.COORDINATOR_EPOCH, producer.coordinatorEpoch())
                    .set(ActiveProducers.CURRENT_TXN_START_OFFSET, producer.currentTxnStartOffset());
        }
    }
}
