package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.ReplicaAssignment;
import io.gregor.coordination.zk.TopicPartition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault test of reassignment: the controller's JVM is killed with kill -9 while a (throttled,
 * so slow) reassignment copies an 8 MB partition (written with acks=all) to another broker; the new
 * controller reads the adding/removing replicas from {@code /brokers/topics/<t>} and completes the
 * move, and the moved replica holds the acknowledged log byte for byte.
 */
class ReassignmentControllerFailoverTest {
    private static final long RATE = 1_000_000;
    private ThreeBrokers brokers;

    @BeforeEach
    void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("leader.replication.throttled.rate", Long.toString(RATE),
                "follower.replication.throttled.rate", Long.toString(RATE)));
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    private Optional<ReplicaAssignment> zkAssignment(String topic) {
        return brokers.withZk(zk -> zk.topics().getTopicAssignment(topic).map(a -> a.partitions().get(0)));
    }

    @Test
    void aNewControllerCompletesAReassignmentItsKilledPredecessorStarted() throws Exception {
        int controller = brokers.awaitController();
        List<Integer> others = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
        int source = others.get(0);
        int target = others.get(1);
        String topic = "failover-move";
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(source))).configs(Map.of(
                    "leader.replication.throttled.replicas", "0:" + source,
                    "follower.replication.throttled.replicas", "0:" + target)))).all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("a leader").atMost(ThreeBrokers.WAIT)
                .until(() -> brokers.state(topic, 0).filter(s -> s.leader() == source).isPresent());
        byte[] value = new byte[100_000];
        new Random(7).nextBytes(value);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < 80; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
        byte[] acknowledged = brokers.logBytes(source, topic, 0);
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.alterPartitionReassignments(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                    Optional.of(new NewPartitionReassignment(List.of(target))))).all().get(30, TimeUnit.SECONDS);
        }
        ReplicaAssignment moving = zkAssignment(topic).orElseThrow();
        assertEquals(List.of(target), moving.addingReplicas(), "in progress in ZooKeeper: " + moving);
        assertEquals(List.of(source), moving.removingReplicas(), "in progress in ZooKeeper: " + moving);

        int epochBefore = brokers.controllerEpoch();
        brokers.broker(controller).kill();
        Awaitility.await("a new controller").atMost(ThreeBrokers.WAIT)
                .until(() -> brokers.controllerEpoch() > epochBefore && brokers.controllerId().filter(id -> id != controller).isPresent());
        assertTrue(zkAssignment(topic).orElseThrow().isBeingReassigned(), "the move outlived its controller");

        try {
            Awaitility.await("the new controller completing the move").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> zkAssignment(topic).filter(a -> !a.isBeingReassigned()).isPresent());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(brokers.diagnose("reassignment-failover", topic, 1), e);
        }
        assertEquals(List.of(target), zkAssignment(topic).orElseThrow().replicas());
        PartitionState state = brokers.state(topic, 0).orElseThrow();
        assertEquals(target, state.leader());
        assertEquals(List.of(target), state.isr());
        assertNotEquals(controller, brokers.controllerId().orElseThrow());
        Awaitility.await("the moved replica holding every acknowledged batch").atMost(ThreeBrokers.WAIT)
                .until(() -> java.util.Arrays.equals(acknowledged, brokers.logBytes(target, topic, 0)));
    }
}
