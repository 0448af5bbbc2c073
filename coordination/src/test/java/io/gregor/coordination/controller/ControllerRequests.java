package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
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
                .set("BrokerId", leader).set("BrokerEpoch", zk.getBrokerEpoch(leader).orElse(-1L));
        KafkaUuid id = zk.topics().getTopicAssignment(tp.topic()).orElseThrow().topicId();
        Struct topic = request.addElement("Topics").set("TopicName", version < 2 ? tp.topic() : "")
                .set("TopicId", new UUID(id.mostSignificantBits(), id.leastSignificantBits()));
        Struct partition = topic.addElement("Partitions").set("PartitionIndex", tp.partition())
                .set("LeaderEpoch", leaderEpoch).set("PartitionEpoch", partitionEpoch);
        if (version >= 3) {
            for (int member : isr) {
                partition.addElement("NewIsrWithEpochs").set("BrokerId", member)
                        .set("BrokerEpoch", zk.getBrokerEpoch(member).orElse(-1L));
            }
        } else {
            partition.set("NewIsr", isr);
        }
        return request;
    }

    /** The only partition of an AlterPartition response. */
    static Struct onlyPartition(Struct response) {
        return response.getStructs("Topics").get(0).getStructs("Partitions").get(0);
    }

    static Struct controlledShutdown(GregorZkClient zk, int brokerId) {
        return ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                .set("BrokerId", brokerId).set("BrokerEpoch", zk.getBrokerEpoch(brokerId).orElse(-1L));
    }

    static Struct await(java.util.concurrent.CompletableFuture<Struct> answer) throws Exception {
        return answer.get(15, TimeUnit.SECONDS);
    }
}
