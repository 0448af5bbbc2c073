package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.RecordBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Apache Kafka 3.9 Java client (producer, consumer with assign, Admin) against an in-process broker. */
class ApacheJavaClientTest {
    private static GregorCluster cluster;
    private static GregorServer broker;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = GregorCluster.start();
        broker = cluster.startInProcessBroker(0, Map.of());
        bootstrap = "127.0.0.1:" + broker.boundPort("PLAINTEXT");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Sends {@code count} keyed records, waits on every future, returns the acknowledged metadata. */
    private static List<RecordMetadata> sendAll(KafkaProducer<String, String> producer, String topic, int count)
            throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
        }
        producer.flush();
        List<RecordMetadata> acked = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            acked.add(f.get(30, TimeUnit.SECONDS));
        }
        return acked;
    }

    @Test
    void producerWithDefaultSettingsIsAcknowledgedAndAnAssignedConsumerReadsEveryRecord() throws Exception {
        String topic = "java-defaults";
        ApacheClients.createTopic(bootstrap, topic, 3);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of())) {
            List<RecordMetadata> acked = sendAll(producer, topic, 300);
            Map<Integer, List<Long>> offsetsByPartition = acked.stream().collect(Collectors.groupingBy(
                    RecordMetadata::partition, Collectors.mapping(RecordMetadata::offset, Collectors.toList())));
            offsetsByPartition.forEach((p, offsets) -> assertEquals(
                    IntStream.range(0, offsets.size()).mapToObj(Long::valueOf).toList(), offsets,
                    "offsets of partition " + p + " are dense and in send order"));
            assertEquals(3, offsetsByPartition.size(), "murmur2 spreads 300 keys over the 3 partitions");
        }
        for (int p = 0; p < 3; p++) {
            List<RecordBatch> stored = WireRequests.storedBatches(broker.boundPort("PLAINTEXT"), topic, p);
            assertTrue(stored.stream().allMatch(b -> b.hasProducerId() && b.baseSequence() >= 0),
                    "default settings are idempotent: every batch carries a producer id and a sequence");
        }
        List<ConsumerRecord<String, String>> read = ApacheClients.readAll(bootstrap, topic, 3, 300);
        assertEquals(300, read.size());
        Map<String, String> byKey = new HashMap<>();
        read.forEach(r -> byKey.put(r.key(), r.value()));
        assertEquals(IntStream.range(0, 300).boxed().collect(Collectors.toMap(i -> "key-" + i, i -> "value-" + i)), byKey);
    }

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void compressedBatchesRoundTripInOrder(String compression) throws Exception {
        String topic = "java-" + compression;
        ApacheClients.createTopic(bootstrap, topic, 1);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 5))) {
            sendAll(producer, topic, 500);
        }
        List<RecordBatch> stored = WireRequests.storedBatches(broker.boundPort("PLAINTEXT"), topic, 0);
        assertEquals(List.of(CompressionType.forName(compression)),
                stored.stream().map(RecordBatch::compressionType).distinct().toList());
        assertTrue(stored.stream().allMatch(RecordBatch::hasProducerId), "the default producer is idempotent");
        List<ConsumerRecord<String, String>> read = ApacheClients.readAll(bootstrap, topic, 1, 500);
        assertEquals(IntStream.range(0, 500).mapToObj(i -> "key-" + i + "=value-" + i).toList(),
                read.stream().map(r -> r.key() + "=" + r.value()).toList());
        assertEquals(IntStream.range(0, 500).mapToObj(Long::valueOf).toList(),
                read.stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void adminCreatesListsDescribesAndDeletesTopics() throws Exception {
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("admin-made", 2, (short) 1)
                    .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "delete"))))
                    .all().get(30, TimeUnit.SECONDS);
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("admin-made"));

            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(0), nodes.stream().map(Node::id).toList());
            assertEquals(broker.boundPort("PLAINTEXT"), nodes.iterator().next().port());
            assertEquals(0, cluster.controller().get(30, TimeUnit.SECONDS).id());
            assertEquals(broker.clusterId(), cluster.clusterId().get(30, TimeUnit.SECONDS));

            ConfigResource topicResource = new ConfigResource(ConfigResource.Type.TOPIC, "admin-made");
            ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "0");
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(topicResource, brokerResource))
                    .all().get(30, TimeUnit.SECONDS);
            ConfigEntry retention = configs.get(topicResource).get("retention.ms");
            assertNotNull(retention, configs.get(topicResource).toString());
            assertEquals("3600000", retention.value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
            ConfigEntry segmentBytes = configs.get(topicResource).get("segment.bytes");
            assertNotNull(segmentBytes, "a topic's describe lists defaults too: " + configs.get(topicResource));
            ConfigEntry numPartitions = configs.get(brokerResource).get("num.partitions");
            assertNotNull(numPartitions, configs.get(brokerResource).toString());
            assertEquals("1", numPartitions.value());
            assertEquals("0", configs.get(brokerResource).get("broker.id").value());

            admin.deleteTopics(List.of("admin-made")).all().get(30, TimeUnit.SECONDS);
            Awaitility.await("admin-made gone from listTopics").atMost(GregorCluster.STARTUP_TIMEOUT)
                    .until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS), names -> !names.contains("admin-made"));
            Set<String> remaining = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertFalse(remaining.contains("admin-made"), remaining.toString());
        }
    }
}
