package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reassignment under Kafka's replication throttle: with {@code leader.replication.throttled.rate}
 * and {@code follower.replication.throttled.rate} of 1,000,000 B/s on every broker and the moving
 * partition named in the topic's
 * {@code leader/follower.replication.throttled.replicas}, a new replica copies 12 MB at that rate
 * within 20 %, measured from the request to the reassignment's completion.
 */
class ReplicationThrottleTest {
    private static final long RATE = 1_000_000;
    private static final int RECORD_BYTES = 100_000;
    private static final int RECORDS = 120;
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

    @Test
    void aThrottledReassignmentCopiesAtTheThrottledRate() throws Exception {
        int controller = brokers.awaitController();
        List<Integer> others = IntStream.range(0, ThreeBrokers.BROKERS).filter(id -> id != controller).boxed().toList();
        int source = others.get(0);
        int target = others.get(1);
        String topic = "throttled";
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(source))))).all().get(30, TimeUnit.SECONDS);
        }
        Awaitility.await("a leader").atMost(ThreeBrokers.WAIT).until(() -> brokers.state(topic, 0).filter(s -> s.leader() == source).isPresent());
        byte[] value = new byte[RECORD_BYTES];
        new Random(12).nextBytes(value);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap(), ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
        long bytes = brokers.logBytes(source, topic, 0).length;
        assertTrue(bytes >= (long) RECORDS * RECORD_BYTES, "log of " + bytes + " bytes");

        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("leader.replication.throttled.replicas", "0:" + source), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("follower.replication.throttled.replicas", "0:" + target), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);

            long start = System.nanoTime();
            admin.alterPartitionReassignments(Map.of(new TopicPartition(topic, 0),
                    Optional.of(new NewPartitionReassignment(List.of(source, target))))).all().get(30, TimeUnit.SECONDS);
            Awaitility.await("the reassignment completing").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS).isEmpty());
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = bytes / seconds;
            System.out.printf("throttled reassignment: %d bytes in %.2f s = %.0f B/s (throttle %d B/s)%n", bytes, seconds, rate, RATE);
            assertTrue(rate >= RATE * 0.8 && rate <= RATE * 1.2,
                    String.format("copied %d bytes in %.2f s: %.0f B/s, not within 20%% of %d B/s", bytes, seconds, rate, RATE));
        }
        assertEquals(List.of(source, target), brokers.assignment(topic).get(0));
        assertEquals(brokers.logBytes(source, topic, 0).length, brokers.logBytes(target, topic, 0).length);
    }
}
