package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.TopicAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest controller request of a 30,000-partition cluster (3 brokers, RF 3): the
 * UpdateMetadata naming every partition that a new controller, or a broker that arrives, sends each
 * broker. Its size is printed and must stay far below a broker's {@code socket.request.max.bytes}
 * (100 MiB by default) and within a few MiB, so it neither exceeds a limit nor takes long to send.
 */
class ControllerRequestSizeTest {

    @Test
    void anUpdateMetadataNaming30000PartitionsIsAFewMegabytes() {
        ControllerContext ctx = new ControllerContext(1, 7);
        for (int id = 1; id <= 3; id++) {
            ctx.liveBrokers.put(id, new RegisteredBroker(BrokerInfo.of(id,
                    List.of(new EndPoint("PLAINTEXT", "broker-" + id + ".example.com", 9092, "PLAINTEXT")), null, -1,
                    Map.of(), 0L), 100L + id));
        }
        int topics = 3;
        int perTopic = 10_000;
        for (int t = 0; t < topics; t++) {
            String topic = "topic-number-" + t;
            Map<Integer, List<Integer>> assignment = new TreeMap<>();
            for (int p = 0; p < perTopic; p++) {
                List<Integer> replicas = List.of(1 + p % 3, 1 + (p + 1) % 3, 1 + (p + 2) % 3);
                assignment.put(p, replicas);
                ctx.states.put(new TopicPartition(topic, p), new VersionedPartitionState(new TopicPartition(topic, p),
                        new PartitionState(replicas.get(0), 12, replicas, 7), 30));
            }
            ctx.topics.put(topic, TopicAssignment.of(topic, KafkaUuid.random(), assignment));
        }
        ControllerRequestBatch batch = new ControllerRequestBatch(ctx);

        int bytes = MessageCodec.sizeOf(ApiMessages.spec(ApiKey.UPDATE_METADATA, MessageType.REQUEST),
                batch.updateMetadataRequest(1, new TreeSet<>(ctx.states.keySet())), ControllerRequestBatch.UPDATE_METADATA_VERSION);

        System.out.printf("UpdateMetadata v%d naming %d partitions (RF 3): %,d bytes%n",
                ControllerRequestBatch.UPDATE_METADATA_VERSION, topics * perTopic, bytes);
        assertTrue(bytes < 4 * 1024 * 1024, bytes + " bytes");
        assertTrue(bytes < 100 * 1024 * 1024 / 20, "a twentieth of socket.request.max.bytes at most");
    }
}
