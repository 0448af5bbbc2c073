package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest.Topics.Partitions;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest.Topics.Partitions.NewIsrWithEpochs;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.TopicPartition;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Builders of the broker-to-controller requests the tests send, and a bounded wait for answers. */
final class ControllerRequests {

    private ControllerRequests() {
    }

    /** AlterPartition for one partition, in {@code version}'s shape (topic name before v2, id and member epochs from v2/v3). */
    static Struct alterPartition(GregorZkClient zk, short version, int leader, TopicPartition tp, int leaderEpoch,
                                 List<Integer> isr, int partitionEpoch) {
        Struct request = ApiMessages.request(ApiKey.ALTER_PARTITION).newStruct()
                .set(AlterPartitionRequest.BROKER_ID, leader)
                .set(AlterPartitionRequest.BROKER_EPOCH, zk.getBrokerEpoch(leader).orElse(-1L));
        KafkaUuid id = zk.topics().getTopicAssignment(tp.topic()).orElseThrow().topicId();
        Struct topic = request.addElement(AlterPartitionRequest.TOPICS)
                .set(AlterPartitionRequest.Topics.TOPIC_NAME, version < 2 ? tp.topic() : "")
                .set(AlterPartitionRequest.Topics.TOPIC_ID,
                        new UUID(id.mostSignificantBits(), id.leastSignificantBits()));
        Struct partition = topic.addElement(AlterPartitionRequest.Topics.PARTITIONS)
                .set(Partitions.PARTITION_INDEX, tp.partition())
                .set(Partitions.LEADER_EPOCH, leaderEpoch).set(Partitions.PARTITION_EPOCH, partitionEpoch);
        if (version >= 3) {
            for (int member : isr) {
                partition.addElement(Partitions.NEW_ISR_WITH_EPOCHS).set(NewIsrWithEpochs.BROKER_ID, member)
                        .set(NewIsrWithEpochs.BROKER_EPOCH, zk.getBrokerEpoch(member).orElse(-1L));
            }
        } else {
            partition.set(Partitions.NEW_ISR, isr);
        }
        return request;
    }

    /** The only partition of an AlterPartition response. */
    static Struct onlyPartition(Struct response) {
        return response.getStructs(AlterPartitionResponse.TOPICS).get(0).getStructs(AlterPartitionResponse.Topics.PARTITIONS).get(0);
    }

    static Struct controlledShutdown(GregorZkClient zk, int brokerId) {
        return ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                .set(ControlledShutdownRequest.BROKER_ID, brokerId)
                .set(ControlledShutdownRequest.BROKER_EPOCH, zk.getBrokerEpoch(brokerId).orElse(-1L));
    }

    static Struct await(java.util.concurrent.CompletableFuture<Struct> answer) throws Exception {
        return answer.get(15, TimeUnit.SECONDS);
    }
}
