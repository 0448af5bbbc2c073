package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.consumer.StringDeserializer;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.Murmur2;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.RecordMetadata;
import io.gregor.clients.producer.StringSerializer;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.CompressionType;
import io.gregor.clients.record.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gregor's producer and consumer against real ZooKeeper and a real Gregor broker. */
class ProducerConsumerE2ETest {
    private GregorTestCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "retry.backoff.ms", 10));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private GregorProducer<String, String> producer(Object... kv) {
        return new GregorProducer<>(props(kv), new StringSerializer(), new StringSerializer());
    }

    private void createTopic(String topic, int partitions, Map<String, String> configs) {
        try (GregorAdmin admin = GregorAdmin.create(props())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1, configs)), false).all();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic)).get(topic)
                    .partitions().stream().allMatch(p -> p.hasLeader()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void keyedRecordsAreStoredCompressedAndIdempotentOnTheirMurmur2Partition(String codec) throws Exception {
        cluster = GregorTestCluster.start();
        createTopic("t", 3, Map.of());
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (GregorProducer<String, String> p = producer("compression.type", codec)) {
            for (int i = 0; i < 300; i++) {
                futures.add(p.send(new ProducerRecord<>("t", "key-" + i, "value-" + i)));
            }
            p.flush();
        }
        for (int i = 0; i < 300; i++) {
            RecordMetadata md = futures.get(i).get();
            assertEquals(Murmur2.partitionForKey(("key-" + i).getBytes(StandardCharsets.UTF_8), 3), md.partition());
            assertTrue(md.offset() >= 0);
        }
        for (int p = 0; p < 3; p++) {
            for (RecordBatch b : cluster.batches("t", p)) {
                assertEquals(CompressionType.forName(codec), b.compressionType());
                assertTrue(b.hasProducerId(), "idempotence is on by default");
            }
        }
        try (GregorConsumer<String, String> c = new GregorConsumer<>(props("auto.offset.reset", "earliest", "max.poll.records", 50),
                new StringDeserializer(), new StringDeserializer())) {
            c.assign(c.partitionsFor("t", Duration.ofSeconds(5)));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= 300;
            });
            assertEquals(300, got.size());
            Map<String, String> byKey = new HashMap<>();
            got.forEach(r -> byKey.put(r.key(), r.value()));
            assertEquals("value-17", byKey.get("key-17"));
            for (int p = 0; p < 3; p++) {
                TopicPartition tp = new TopicPartition("t", p);
                assertEquals(c.endOffsets(List.of(tp)).get(tp), c.position(tp));
            }
        }
    }

    @Test
    void aRecordOverTheTopicsMaxMessageBytesFailsWithMessageTooLargeAndLaterSendsGoOn() throws Exception {
        cluster = GregorTestCluster.start();
        createTopic("t", 1, Map.of("max.message.bytes", "1024"));
        try (GregorProducer<String, String> p = producer("linger.ms", 0)) {
            assertEquals(0, p.send(new ProducerRecord<>("t", "small")).get().offset());
            Exception[] fromCallback = new Exception[1];
            Future<RecordMetadata> f = p.send(new ProducerRecord<>("t", "x".repeat(4000)), (md, e) -> fromCallback[0] = e);
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertEquals(Errors.MESSAGE_TOO_LARGE, ((GregorApiException) e.getCause()).error());
            assertEquals(e.getCause(), fromCallback[0]);
            assertEquals(1, p.send(new ProducerRecord<>("t", "after")).get().offset(), "later sends keep going");
        }
        assertEquals(2, cluster.batches("t", 0).size());
    }

    @Test
    void acksZeroCompletesWithoutOffsetsAndTheRecordArrives() throws Exception {
        cluster = GregorTestCluster.start();
        createTopic("t", 1, Map.of());
        try (GregorProducer<String, String> p = producer("acks", "0")) {
            assertEquals(-1, p.send(new ProducerRecord<>("t", "a")).get().offset());
            p.flush();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.batches("t", 0).size() == 1);
        assertTrue(!cluster.batches("t", 0).get(0).hasProducerId(), "acks=0 turns idempotence off");
    }

    @Test
    void sendToAMissingTopicFailsAfterMaxBlockMsWhenAutoCreationIsOff() throws Exception {
        cluster = GregorTestCluster.start(Map.of("auto.create.topics.enable", "false"));
        try (GregorProducer<String, String> p = producer("max.block.ms", 500)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> p.send(new ProducerRecord<>("nope", "a")).get());
            assertEquals(Errors.REQUEST_TIMED_OUT, ((GregorApiException) e.getCause()).error());
            assertTrue(e.getCause().getMessage().contains("nope"), e.getCause().getMessage());
        }
    }

    @Test
    void sendToAMissingTopicCreatesItWhenAutoCreationIsOn() throws Exception {
        cluster = GregorTestCluster.start(Map.of("auto.create.topics.enable", "true"));
        try (GregorProducer<String, String> p = producer("max.block.ms", 20_000)) {
            assertEquals(0, p.send(new ProducerRecord<>("auto", "a")).get().offset());
        }
    }
}
