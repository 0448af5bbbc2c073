package io.gregor.broker.group;

import io.gregor.broker.GregorServer;
import io.gregor.broker.e2e.GregorTestCluster;
import io.gregor.broker.it.ApacheClients;
import io.gregor.replication.ReplicaManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Committed offsets through a real broker with the Apache Java client: simple-consumer commits
 * (assign + group id), OffsetFetch from the consumer and the admin client, and a reload of the
 * offsets partition from its log by a fresh coordinator.
 */
class OffsetCommitE2ETest {
    private static final int OFFSETS_PARTITIONS = 3;
    private static GregorTestCluster cluster;
    private static ReplicaManager replicaManager;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start(Map.of("offsets.topic.num.partitions", String.valueOf(OFFSETS_PARTITIONS),
                "offsets.topic.replication.factor", "1", "group.initial.rebalance.delay.ms", "0"));
        GregorServer server = cluster.server();
        replicaManager = server.replicaManager();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void simpleConsumerCommitsAreServedBackAndSurviveAReloadFromTheLog() throws Exception {
        String bootstrap = cluster.bootstrapServers();
        ApacheClients.createTopic(bootstrap, "mytopic", 1);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("mytopic", "k" + i, "v" + i));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition("mytopic", 0);
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = groupConsumer("g")) {
            consumer.assign(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < 10 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertEquals(10, received.size());
            consumer.commitSync();
            assertEquals(10L, consumer.committed(Set.of(tp)).get(tp).offset());
        }
        try (KafkaConsumer<String, String> again = groupConsumer("g")) {
            again.assign(List.of(tp));
            assertTrue(again.poll(Duration.ofMillis(1000)).isEmpty(), "a second run resumes after the commit");
            assertEquals(10L, again.position(tp));
        }
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets("g").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(Map.of(tp, new OffsetAndMetadata(10L, offsets.get(tp).leaderEpoch(), "")), offsets);
        }
        GroupCoordinator fresh = new GroupCoordinator(new ReplicaOffsetsLog(replicaManager, 5000),
                OFFSETS_PARTITIONS, System::currentTimeMillis);
        GroupCoordinator.GroupOffsets reloaded = fresh.fetchOffsets("g");
        assertEquals(io.gregor.clients.protocol.Errors.NONE, reloaded.error());
        assertEquals(10L, reloaded.offsets().get(new io.gregor.core.log.TopicPartition("mytopic", 0)).offset());
    }

    @Test
    void threeSubscribedConsumersSplitSixPartitionsAndCommitWithTheirGeneration() throws Exception {
        String bootstrap = cluster.bootstrapServers();
        ApacheClients.createTopic(bootstrap, "six", 6);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            for (int i = 0; i < 60; i++) {
                producer.send(new ProducerRecord<>("six", i % 6, "k" + i, "v" + i));
            }
            producer.flush();
        }
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                KafkaConsumer<String, String> c = groupConsumer("g3");
                c.subscribe(List.of("six"));
                consumers.add(c);
            }
            // without commits between rebalances a partition may be read twice (at least once): count distinct records
            Set<String> received = new java.util.HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // done when the assignment is final and every owner has consumed its partitions to the end
            // (an owner that got a partition in the last rebalance must fetch it before it can commit it)
            while (System.nanoTime() < deadline
                    && (received.size() < 60 || !consumers.stream().allMatch(c -> c.assignment().size() == 2
                            && c.assignment().stream().allMatch(tp -> c.position(tp, Duration.ofSeconds(5)) == 10)))) {
                for (KafkaConsumer<String, String> c : consumers) {
                    c.poll(Duration.ofMillis(100)).forEach(r -> received.add(r.partition() + "@" + r.offset()));
                }
            }
            for (KafkaConsumer<String, String> c : consumers) {
                assertEquals(2, c.assignment().size(), "assignment " + c.assignment());
            }
            assertEquals(60, received.size());
            for (KafkaConsumer<String, String> c : consumers) {
                c.commitSync();
            }
            try (Admin admin = ApacheClients.admin(bootstrap)) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets("g3").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertEquals(6, offsets.size());
                offsets.values().forEach(o -> assertEquals(10L, o.offset()));
                assertEquals(3, admin.describeConsumerGroups(List.of("g3")).all().get(30, TimeUnit.SECONDS)
                        .get("g3").members().size());
            }
        } finally {
            consumers.forEach(KafkaConsumer::close);
        }
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            admin.deleteConsumerGroups(List.of("g3")).all().get(30, TimeUnit.SECONDS);
            assertTrue(admin.listConsumerGroupOffsets("g3").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .isEmpty());
        }
    }
}
