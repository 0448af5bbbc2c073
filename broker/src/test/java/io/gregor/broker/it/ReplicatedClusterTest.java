package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.PartitionState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three brokers in their own JVMs on one ZooKeeper: replica placement, the partition state znodes
 * in Kafka's JSON, byte-identical replicas after producing, and controller failover after kill -9.
 */
class ReplicatedClusterTest {
    private ThreeBrokers brokers;

    @BeforeEach
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of());
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void sixPartitionsWithReplicationFactorThreeAreSpreadEvenlyAndReplicatedByteForByte() throws Exception {
        String topic = "spread";
        brokers.createTopic(topic, 6, Map.of());

        Map<Integer, Integer> leaderships = new HashMap<>();
        Map<Integer, Integer> replicas = new HashMap<>();
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic);
            for (TopicPartitionInfo info : description.partitions()) {
                leaderships.merge(info.leader().id(), 1, Integer::sum);
                info.replicas().forEach(r -> replicas.merge(r.id(), 1, Integer::sum));
                assertEquals(3, new TreeSet<>(info.replicas().stream().map(n -> n.id()).toList()).size(),
                        "three distinct replicas for " + info);
            }
        }
        assertEquals(Map.of(0, 2, 1, 2, 2, 2), leaderships, "each broker leads two of the six partitions");
        assertEquals(Map.of(0, 6, 1, 6, 2, 6), replicas, "each broker hosts all six partitions");

        int controllerEpoch = brokers.controllerEpoch();
        for (int p = 0; p < 6; p++) {
            String json = new String(brokers.stateZnode(topic, p), StandardCharsets.UTF_8);
            PartitionState state = brokers.state(topic, p).orElseThrow();
            assertKafkaStateJson(json, state, controllerEpoch);
        }

        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(), Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, i % 6, "k" + i, "value-" + i)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        for (int p = 0; p < 6; p++) {
            brokers.awaitIdenticalReplicas(topic, p);
            assertTrue(brokers.logBytes(0, topic, p).length > 100 * 20, "partition " + p + " holds its 100 records");
        }
        assertEquals(600, ApacheClients.readAll(brokers.bootstrap(), topic, 6, 600).size());
    }

    /** Kafka writes the keys in any order; check each field rather than one layout. */
    private static void assertKafkaStateJson(String json, PartitionState state, int controllerEpoch) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = Pattern.compile("\"([a-z_]+)\":(\\[[^\\]]*\\]|-?\\d+)").matcher(json);
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertEquals("1", fields.get("version"), json);
        assertEquals(Integer.toString(state.leader()), fields.get("leader"), json);
        assertEquals(Integer.toString(state.leaderEpoch()), fields.get("leader_epoch"), json);
        assertEquals(state.isr().toString().replace(" ", ""), fields.get("isr"), json);
        assertEquals(3, state.isr().size(), json);
        assertTrue(Integer.parseInt(fields.get("controller_epoch")) <= controllerEpoch
                && Integer.parseInt(fields.get("controller_epoch")) >= 1, json);
        assertTrue(fields.keySet().containsAll(Set.of("version", "leader", "leader_epoch", "isr", "controller_epoch")),
                json);
    }

    @Test
    void afterTheControllerIsKilledAnotherBrokerTakesOverWithAHigherEpochAndNewTopicsGetLeaders() throws Exception {
        int controller = brokers.awaitController();
        int epoch = brokers.controllerEpoch();

        brokers.broker(controller).kill();

        int successor = org.awaitility.Awaitility.await("a new controller").atMost(ThreeBrokers.WAIT)
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> brokers.controllerId().filter(id -> id != controller), java.util.Optional::isPresent)
                .orElseThrow();
        assertNotEquals(controller, successor);
        assertTrue(brokers.controllerEpoch() > epoch, "the controller epoch grows from " + epoch);
        ThreeBrokers.ToolRun cluster = ThreeBrokers.tool(io.gregor.coordination.tools.ClusterCommand::run,
                "--zookeeper", brokers.cluster().zookeeperConnect());
        assertEquals(0, cluster.code(), cluster.err());
        assertTrue(cluster.out().contains("Controller: broker " + successor + " (epoch " + brokers.controllerEpoch() + ")"),
                "gregor-cluster.sh shows the new controller and its epoch:\n" + cluster.out());

        String topic = "after-failover";
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 4, (short) 2)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        org.awaitility.Awaitility.await("leaders for " + topic).atMost(ThreeBrokers.WAIT)
                .until(() -> java.util.stream.IntStream.range(0, 4).allMatch(p -> brokers.state(topic, p)
                        .filter(s -> s.leader() >= 0 && s.leader() != controller && s.isr().size() == 2).isPresent()));
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(), Map.of())) {
            for (int p = 0; p < 4; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, "v" + p)).get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(4, ApacheClients.readAll(brokers.bootstrap(), topic, 4, 4).size());
    }
}
