package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.group.OffsetsTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log compaction on three broker JVMs whose cleaner looks for work every 200 ms
 * ({@code log.cleaner.backoff.ms}) and whose {@code __consumer_offsets} rolls 4 KiB segments
 * ({@code offsets.topic.segment.bytes}): a keyed topic overwritten many times shrinks to the latest
 * record per key on every replica, and {@code __consumer_offsets} stays bounded while one group
 * commits the same partition thousands of times. A topic switched to {@code compact} while the
 * brokers run is compacted too: brokers apply {@code /config/changes} without a restart.
 */
class CompactionAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final int OFFSETS_PARTITIONS = 5;
    private static final int OFFSETS_SEGMENT_BYTES = 4096;

    /**
     * A {@code segment.bytes} below the size of any two batches: every batch rolls a segment, so the
     * active segment (never cleaned) holds only the last batch, and the tests write a last record
     * with a key of its own.
     */
    private static final String ONE_BATCH_SEGMENTS = "100";

    private static ThreeBrokers brokers;

    @BeforeAll
    static void startCluster() throws Exception {
        brokers = ThreeBrokers.start(Map.of("log.cleaner.backoff.ms", "200", "offsets.topic.num.partitions",
                Integer.toString(OFFSETS_PARTITIONS), "offsets.topic.segment.bytes", Integer.toString(OFFSETS_SEGMENT_BYTES)));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    /**
     * The total size of the replica's {@code .log} segments, measured again when the cleaner
     * replaced a segment while this looked.
     */
    private static long segmentBytes(int broker, String topic, int partition) throws IOException {
        Path dir = brokers.logDir(broker).resolve(topic + "-" + partition);
        while (true) {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            try (Stream<Path> files = Files.list(dir)) {
                long total = 0;
                for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    total += Files.size(file);
                }
                return total;
            } catch (NoSuchFileException e) {
                // a segment was swapped meanwhile: measure again
            }
        }
    }

    private static boolean allReplicasBelow(String topic, int partition, long bytes) throws IOException {
        for (int b = 0; b < ThreeBrokers.BROKERS; b++) {
            if (segmentBytes(b, topic, partition) >= bytes) {
                return false;
            }
        }
        return true;
    }

    @Test
    void overwrittenKeysShrinkToTheirLatestRecordOnEveryReplica() throws Exception {
        String topic = "compacted-keys";
        brokers.createTopic(topic, 1, Map.of("cleanup.policy", "compact", "segment.bytes", ONE_BATCH_SEGMENTS,
                "min.cleanable.dirty.ratio", "0.01"));
        int keys = 5;
        int rounds = 400;
        Map<String, String> latest = new LinkedHashMap<>();
        long producedBytes = 0;
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.BATCH_SIZE_CONFIG, "2048"))) {
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < keys; k++) {
                    String key = "key-" + k;
                    String value = "value of " + key + " in round " + round;
                    producer.send(new ProducerRecord<>(topic, 0, key, value));
                    latest.put(key, value);
                    producedBytes += key.length() + value.length();
                }
            }
            producer.flush();
            // one last record alone in the active segment, which the cleaner never touches
            producer.send(new ProducerRecord<>(topic, 0, "end", "end")).get(30, TimeUnit.SECONDS);
            latest.put("end", "end");
        }
        // the cleaner works while the records arrive, so the uncompacted size is never seen on disk: compare with the payload
        long bound = producedBytes / 10;
        Awaitility.await("every replica of " + topic + " compacted below " + bound + " bytes").atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> allReplicasBelow(topic, 0, bound));
        List<ConsumerRecord<String, String>> records = Awaitility.await("one record per key read from the beginning")
                .atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> ApacheClients.readAll(brokers.bootstrap(), topic, 1, latest.size()), r -> r.size() == latest.size());
        Map<String, String> read = new LinkedHashMap<>();
        records.forEach(r -> read.put(r.key(), r.value()));
        assertEquals(latest, read);
    }

    @Test
    void switchingARunningTopicToCompactWithIncrementalAlterConfigsCompactsItOnEveryReplica() throws Exception {
        String topic = "becomes-compacted";
        brokers.createTopic(topic, 1, Map.of("segment.bytes", ONE_BATCH_SEGMENTS));
        Map<String, String> latest = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(),
                Map.of(ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.BATCH_SIZE_CONFIG, "2048"))) {
            for (int round = 0; round < 100; round++) {
                for (int k = 0; k < 3; k++) {
                    producer.send(new ProducerRecord<>(topic, 0, "key-" + k, "round " + round));
                    latest.put("key-" + k, "round " + round);
                }
            }
            producer.flush();
            producer.send(new ProducerRecord<>(topic, 0, "end", "end")).get(30, TimeUnit.SECONDS);
            latest.put("end", "end");
        }
        assertEquals(301, ApacheClients.readAll(brokers.bootstrap(), topic, 1, 301).size(), "delete policy keeps all");

        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                    new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry("min.cleanable.dirty.ratio", "0.01"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        // the running brokers apply the change (/config/changes) without a restart
        Awaitility.await("every replica of " + topic + " compacted to one batch per key").atMost(WAIT)
                .pollInterval(Duration.ofMillis(250)).until(() -> allReplicasBelow(topic, 0, 4 * 1024));
        List<ConsumerRecord<String, String>> records = Awaitility.await("one record per key read from the beginning")
                .atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> ApacheClients.readAll(brokers.bootstrap(), topic, 1, latest.size()), r -> r.size() == latest.size());
        Map<String, String> read = new LinkedHashMap<>();
        records.forEach(r -> read.put(r.key(), r.value()));
        assertEquals(latest, read);
    }

    @Test
    void consumerOffsetsStayBoundedWhileOneGroupCommitsTheSamePartitionThousandsOfTimes() throws Exception {
        String topic = "committed-often";
        String group = "committer";
        brokers.createTopic(topic, 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        int offsetsPartition = OffsetsTopic.partitionFor(group, OFFSETS_PARTITIONS);
        int segmentLimit = OFFSETS_SEGMENT_BYTES;
        int commits = 1500;
        try (KafkaConsumer<String, String> consumer = groupConsumer(group)) {
            consumer.assign(List.of(tp));
            long[] maxSize = new long[ThreeBrokers.BROKERS];
            for (int i = 1; i <= commits; i++) {
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(i, "commit " + i)));
                if (i % 100 == 0) {
                    for (int b = 0; b < ThreeBrokers.BROKERS; b++) {
                        maxSize[b] = Math.max(maxSize[b], segmentBytes(b, OffsetsTopic.NAME, offsetsPartition));
                    }
                }
            }
            // Each commit appends a ~140-byte batch: uncompacted, 1500 commits would be ~210 KB. The
            // cleaner (200 ms backoff) trails the commits by a few segments, more on a loaded machine;
            // 16 segments (64 KiB) is a third of the uncompacted size.
            long bound = 16L * segmentLimit;
            for (int b = 0; b < ThreeBrokers.BROKERS; b++) {
                assertTrue(maxSize[b] < bound, "__consumer_offsets-" + offsetsPartition + " on broker " + b
                        + " grew to " + maxSize[b] + " bytes during the commit loop (bound " + bound + ")");
            }
            Awaitility.await("__consumer_offsets-" + offsetsPartition + " compacted on every replica").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250)).until(() -> allReplicasBelow(OffsetsTopic.NAME, offsetsPartition, 2L * segmentLimit));
            assertEquals(new OffsetAndMetadata(commits, "commit " + commits), consumer.committed(Set.of(tp)).get(tp));
        }
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            assertEquals(commits, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(tp).offset());
        }
    }

    private static KafkaConsumer<String, String> groupConsumer(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
