package io.gregor.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.consumer.StringDeserializer;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.InMemoryKafka;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gregor's producer and consumer against the in-memory protocol stand-in (until the broker exists). */
class ProducerConsumerRoundTripTest {
    private static Map<String, Object> producerProps(InMemoryKafka kafka, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrap(), "retry.backoff.ms", 10));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static GregorConsumer<String, String> consumer(InMemoryKafka kafka, Object... kv) {
        return new GregorConsumer<>(producerProps(kafka, kv), new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(GregorConsumer<String, String> c, int expected) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (out.size() < expected && System.currentTimeMillis() < deadline) {
            c.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void keyedRecordsRoundTripOnTheirMurmur2PartitionWithEachCompression(String codec) throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 3, Map.of());
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            try (GregorProducer<String, String> p = new GregorProducer<>(producerProps(kafka, "compression.type", codec),
                    new StringSerializer(), new StringSerializer())) {
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
                for (RecordBatch b : kafka.batches("t", p)) {
                    assertEquals(CompressionType.forName(codec), b.compressionType());
                    assertTrue(b.hasProducerId(), "idempotence is on by default");
                }
            }
            try (GregorConsumer<String, String> c = consumer(kafka, "auto.offset.reset", "earliest", "max.poll.records", 50)) {
                c.assign(c.partitionsFor("t", Duration.ofSeconds(5)));
                List<ConsumerRecord<String, String>> got = consumeAll(c, 300);
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
    }

    @Test
    void aBatchWhoseAckWasLostIsRetriedWithTheSameSequenceAndWrittenOnce() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            kafka.failAfterAppend.put(0, 1);
            try (GregorProducer<String, String> p = new GregorProducer<>(producerProps(kafka),
                    new StringSerializer(), new StringSerializer())) {
                RecordMetadata md = p.send(new ProducerRecord<>("t", "k", "v")).get();
                assertEquals(0, md.partition());
                Future<RecordMetadata> next = p.send(new ProducerRecord<>("t", "k", "v2"));
                assertEquals(1, next.get().offset());
            }
            List<RecordBatch> batches = kafka.batches("t", 0);
            assertEquals(2, batches.size(), "the retried batch must not be written twice");
            assertEquals(0, batches.get(0).baseSequence());
            assertEquals(1, batches.get(1).baseSequence());
            List<Integer> sequences = new ArrayList<>();
            kafka.broker.received(ApiKey.PRODUCE).forEach(r -> r.body().getStructs("TopicData").forEach(td ->
                    td.getStructs("PartitionData").forEach(pd -> sequences.add(
                            ((io.gregor.clients.record.MemoryRecords) pd.getRecords("Records")).batches().iterator().next().baseSequence()))));
            assertEquals(List.of(0, 0, 1), sequences);
        }
    }

    @Test
    void retriableErrorsAreRetriedAndNonRetriableOnesFailTheRecord() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            kafka.produceErrors.put(0, new ArrayList<>(List.of(Errors.NOT_LEADER_OR_FOLLOWER, Errors.LEADER_NOT_AVAILABLE)));
            try (GregorProducer<String, String> p = new GregorProducer<>(producerProps(kafka),
                    new StringSerializer(), new StringSerializer())) {
                assertEquals(0, p.send(new ProducerRecord<>("t", "a")).get().offset());
                int metadataBefore = kafka.broker.received(ApiKey.METADATA).size();
                assertTrue(metadataBefore >= 2, "metadata is refreshed after NOT_LEADER_OR_FOLLOWER");
                kafka.produceErrors.put(0, new ArrayList<>(List.of(Errors.MESSAGE_TOO_LARGE)));
                Exception[] fromCallback = new Exception[1];
                Future<RecordMetadata> f = p.send(new ProducerRecord<>("t", "b"), (md, e) -> fromCallback[0] = e);
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertEquals(Errors.MESSAGE_TOO_LARGE, ((GregorApiException) e.getCause()).error());
                assertEquals(e.getCause(), fromCallback[0]);
                assertEquals(1, p.send(new ProducerRecord<>("t", "c")).get().offset(), "a new producer id keeps later sends going");
            }
        }
    }

    @Test
    void acksZeroCompletesWithoutOffsets() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            try (GregorProducer<String, String> p = new GregorProducer<>(producerProps(kafka, "acks", "0"),
                    new StringSerializer(), new StringSerializer())) {
                assertEquals(-1, p.send(new ProducerRecord<>("t", "a")).get().offset());
                p.flush();
            }
            assertTrue(kafka.batches("t", 0).size() <= 1);
        }
    }

    @Test
    void explicitIdempotenceWithAcksOneIsAConfigError() {
        assertThrows(IllegalArgumentException.class, () -> ProducerConfig.from(new io.gregor.clients.network.ConfigValues(
                Map.of("bootstrap.servers", "h:1", "acks", "1", "enable.idempotence", "true"))));
        assertThrows(IllegalArgumentException.class, () -> ProducerConfig.from(new io.gregor.clients.network.ConfigValues(
                Map.of("bootstrap.servers", "h:1", "transactional.id", "tx"))));
        assertTrue(!ProducerConfig.from(new io.gregor.clients.network.ConfigValues(
                Map.of("bootstrap.servers", "h:1", "acks", "1"))).idempotence());
    }

    @Test
    void sendToAMissingTopicFailsAfterMaxBlockMs() {
        try (InMemoryKafka kafka = new InMemoryKafka();
             GregorProducer<String, String> p = new GregorProducer<>(producerProps(kafka, "max.block.ms", 300),
                     new StringSerializer(), new StringSerializer())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> p.send(new ProducerRecord<>("nope", "a")).get());
            assertEquals(Errors.REQUEST_TIMED_OUT, ((GregorApiException) e.getCause()).error());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void closeWithATimeoutFailsRecordsTheBrokerNeverAnswered() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            kafka.broker.on(ApiKey.PRODUCE, (h, r) -> null);
            GregorProducer<String, String> p = new GregorProducer<>(producerProps(kafka, "linger.ms", 0),
                    new StringSerializer(), new StringSerializer());
            int[] callbacks = {0};
            Future<RecordMetadata> f = p.send(new ProducerRecord<>("t", "a"), (md, e) -> callbacks[0]++);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> !kafka.broker.received(ApiKey.PRODUCE).isEmpty());
            p.close(Duration.ofMillis(200));
            assertThrows(ExecutionException.class, () -> f.get(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, callbacks[0]);
        }
    }
}
