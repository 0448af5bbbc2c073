package io.gregor.clients.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.ClusterDescription;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.consumer.StringDeserializer;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.Murmur2;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.RecordMetadata;
import io.gregor.clients.producer.StringSerializer;
import io.gregor.clients.tools.ConsoleConsumer;
import io.gregor.clients.tools.ConsoleProducer;
import io.gregor.clients.tools.TopicsCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Gregor's clients and tools must do against any Kafka-protocol cluster, through public APIs
 * only. Each subclass supplies the cluster; the broker module's {@code io.gregor.broker.e2e} runs it
 * against real ZooKeeper and a real Gregor broker (this module has no broker to run it against).
 */
public abstract class GregorClientsContractTest {
    protected ClusterUnderTest cluster;

    protected abstract ClusterUnderTest startCluster() throws Exception;

    @BeforeEach
    void start() throws Exception {
        cluster = startCluster();
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String topicName() {
        return "contract-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void createTopic(GregorAdmin admin, String topic, int partitions) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)), false).all();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic)).get(topic)
                .partitions().stream().allMatch(p -> p.hasLeader()));
    }

    @Test
    void adminCreatesDescribesListsAndDeletesTopics() {
        String topic = topicName();
        try (GregorAdmin admin = GregorAdmin.create(props())) {
            ClusterDescription c = admin.describeCluster();
            assertEquals(cluster.brokerCount(), c.nodes().size());
            assertNotNull(c.clusterId());
            assertNotNull(c.controller());
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1, Map.of("retention.ms", "3600000"))), false).all();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics(false).contains(topic));
            TopicDescription d = admin.describeTopics(List.of(topic)).get(topic);
            assertEquals(3, d.partitions().size());
            assertEquals(1, d.replicationFactor());
            assertTrue(admin.describeTopicConfigs(List.of(topic)).get(topic).stream()
                    .anyMatch(e -> e.name().equals("retention.ms") && e.value().equals("3600000")));
            admin.deleteTopics(List.of(topic)).all();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics(false).contains(topic));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void producerDefaultsRoundTripKeyedRecordsToTheMurmur2PartitionWithEachCompression(String codec) throws Exception {
        String topic = topicName();
        try (GregorAdmin admin = GregorAdmin.create(props())) {
            createTopic(admin, topic, 3);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (GregorProducer<String, String> p = new GregorProducer<>(props("compression.type", codec),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 1000; i++) {
                acks.add(p.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
            }
            p.flush();
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(Murmur2.partitionForKey(("key-" + i).getBytes(StandardCharsets.UTF_8), 3), acks.get(i).get().partition());
        }
        try (GregorConsumer<String, String> c = new GregorConsumer<>(props("auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10));
            c.assign(parts);
            Map<String, String> seen = new HashMap<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    seen.put(r.key(), r.value());
                }
                return seen.size() == 1000;
            });
            assertEquals("value-999", seen.get("key-999"));
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            assertEquals(1000L, ends.values().stream().mapToLong(Long::longValue).sum());
            for (TopicPartition tp : parts) {
                assertEquals(ends.get(tp), c.position(tp));
            }
        }
    }

    private static String[] run(String... args) {
        return args;
    }

    @Test
    void toolsCreateATopicProduceKeyedLinesAndConsumeThemFromTheBeginning() {
        String topic = topicName();
        String bs = cluster.bootstrapServers();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, TopicsCommand.run(run("--bootstrap-server", bs, "--create", "--topic", topic, "--partitions", "2",
                "--replication-factor", "1"), o, e), err::toString);
        assertEquals("Created topic " + topic + ".\n", out.toString(StandardCharsets.UTF_8));
        out.reset();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            out.reset();
            return TopicsCommand.run(run("--bootstrap-server", bs, "--describe", "--topic", topic), o, e) == 0
                    && !out.toString(StandardCharsets.UTF_8).contains("Leader: none");
        });
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("PartitionCount: 2\tReplicationFactor: 1"));
        byte[] lines = "k1:v1\nk2:v2\nk3:v3\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, ConsoleProducer.run(run("--bootstrap-server", bs, "--topic", topic, "--property", "parse.key=true",
                "--property", "key.separator=:"), new ByteArrayInputStream(lines), o, e), err::toString);
        out.reset();
        assertEquals(0, ConsoleConsumer.run(run("--bootstrap-server", bs, "--topic", topic, "--from-beginning",
                "--max-messages", "3", "--timeout-ms", "20000", "--property", "print.key=true", "--property", "key.separator=:"),
                o, e), err::toString);
        assertEquals(List.of("k1:v1", "k2:v2", "k3:v3"),
                List.of(out.toString(StandardCharsets.UTF_8).split("\n")).stream().sorted().toList());
        assertEquals(0, TopicsCommand.run(run("--bootstrap-server", bs, "--delete", "--topic", topic), o, e), err::toString);
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("ERROR"), err::toString);
    }
}
