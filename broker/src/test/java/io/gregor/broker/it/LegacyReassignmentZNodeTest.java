package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.PartitionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The legacy way to reassign, as operators of ZooKeeper-mode Kafka used it: Kafka's JSON written
 * into {@code /admin/reassign_partitions}. The controller moves the partition to the replicas
 * named there (nothing acknowledged is lost) and deletes the znode once the move completes; a
 * reassignment it refuses (an unknown broker) is dropped and the znode deleted, the partition
 * left where it was.
 */
class LegacyReassignmentZNodeTest {
    private static ThreeBrokers brokers;

    @BeforeAll
    static void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private static void createTopic(String topic, List<Integer> replicas) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas)))).all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("leader with full ISR for " + topic).atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> brokers.state(topic, 0).filter(s -> s.leader() >= 0 && s.isr().size() == replicas.size()).isPresent());
    }

    private static void writeLegacyRequest(String json) {
        brokers.withZk(zk -> {
            try {
                return zk.curator().create().forPath(zk.paths().reassignPartitions(), json.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException("cannot write the legacy reassignment znode", e);
            }
        });
    }

    private static boolean legacyZNodeExists() {
        return brokers.withZk(zk -> {
            try {
                return zk.curator().checkExists().forPath(zk.paths().reassignPartitions()) != null;
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the legacy reassignment znode", e);
            }
        });
    }

    @Test
    void theControllerMovesThePartitionNamedInTheZNodeAndDeletesIt() throws Exception {
        String topic = "legacy-moved";
        createTopic(topic, List.of(0, 1));
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, "0-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        byte[] acknowledged = brokers.logBytes(0, topic, 0);

        writeLegacyRequest("{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":[1,2]}]}");
        Awaitility.await("the move done and the znode deleted").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> !legacyZNodeExists() && brokers.assignment(topic).get(0).equals(List.of(1, 2)));
        PartitionState state = brokers.state(topic, 0).orElseThrow();
        assertTrue(Set.of(1, 2).contains(state.leader()), "leader " + state);
        assertEquals(Set.of(1, 2), new TreeSet<>(state.isr()));
        Awaitility.await("the added replica holding every acknowledged batch").atMost(ThreeBrokers.WAIT)
                .until(() -> java.util.Arrays.equals(acknowledged, brokers.logBytes(2, topic, 0)));
        Awaitility.await("the removed replica's log deleted").atMost(ThreeBrokers.WAIT).ignoreExceptions()
                .until(() -> brokers.segments(0, topic, 0).isEmpty());
        assertEquals(500, ApacheClients.readAll(brokers.bootstrap(), topic, 1, 500).size());
    }

    @Test
    void aRefusedReassignmentIsDroppedFromTheZNodeAndThePartitionStays() throws Exception {
        String topic = "legacy-refused";
        createTopic(topic, List.of(0, 1));
        writeLegacyRequest("{\"version\":1,\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"replicas\":[1,7]}]}");
        Awaitility.await("the znode deleted").atMost(ThreeBrokers.WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> !legacyZNodeExists());
        assertEquals(List.of(0, 1), brokers.assignment(topic).get(0));
        assertTrue(!brokers.withZk(zk -> zk.topics().getTopicAssignment(topic).orElseThrow().partitions().get(0)
                .isBeingReassigned()), "no reassignment left in progress");
    }
}
