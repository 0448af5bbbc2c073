package io.gregor.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.InMemoryKafka;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.StringSerializer;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The consumer against the in-memory protocol stand-in: positions, resets, partial batches, fetch versions. */
class GregorConsumerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private static Map<String, Object> props(InMemoryKafka kafka, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrap(), "retry.backoff.ms", 10,
                "fetch.max.wait.ms", 50));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Three batches of three records each: offsets 0-8, values v0..v8. */
    private static void produceThreeBatches(InMemoryKafka kafka) throws Exception {
        try (GregorProducer<String, String> p = new GregorProducer<>(props(kafka, "linger.ms", 60_000),
                new StringSerializer(), new StringSerializer())) {
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 3; i++) {
                    p.send(new ProducerRecord<>("t", 0, null, "v" + (b * 3 + i)));
                }
                p.flush();
            }
        }
        assertEquals(3, kafka.batches("t", 0).size());
    }

    private static List<String> values(GregorConsumer<String, String> c, int atLeast) {
        List<String> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 5000;
        while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
            c.poll(Duration.ofMillis(100)).forEach(r -> out.add(r.value()));
        }
        return out;
    }

    private static GregorConsumer<String, String> consumer(InMemoryKafka kafka, Object... kv) {
        return new GregorConsumer<>(props(kafka, kv), new StringDeserializer(), new StringDeserializer());
    }

    @Test
    void aPartialBatchAtTheEndOfAFetchResponseIsIgnoredAndReadByTheNextFetch() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            produceThreeBatches(kafka);
            kafka.fetchTruncateBytes = 7;
            try (GregorConsumer<String, String> c = consumer(kafka)) {
                c.assign(List.of(TP));
                c.seek(TP, 0);
                assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5"), values(c, 6));
                assertEquals(6, c.position(TP));
                kafka.fetchTruncateBytes = 0;
                assertEquals(List.of("v6", "v7", "v8"), values(c, 3));
                assertEquals(9, c.position(TP));
            }
        }
    }

    @Test
    void seekInsideABatchSkipsItsEarlierRecordsAndMaxPollRecordsLimitsEachPoll() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            produceThreeBatches(kafka);
            try (GregorConsumer<String, String> c = consumer(kafka, "max.poll.records", 2)) {
                c.assign(List.of(TP));
                c.seek(TP, 4);
                var first = c.poll(Duration.ofSeconds(5));
                assertEquals(2, first.count());
                assertEquals(4, first.records(TP).get(0).offset());
                assertEquals(6, c.position(TP));
                c.seek(TP, 1);
                assertEquals("v1", c.poll(Duration.ofSeconds(5)).records(TP).get(0).value());
            }
        }
    }

    @Test
    void positionsStartAtTheEndByDefaultAndSeekToBeginningReadsEverything() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            produceThreeBatches(kafka);
            try (GregorConsumer<String, String> c = consumer(kafka)) {
                c.assign(List.of(TP));
                assertEquals(9, c.position(TP));
                assertTrue(c.poll(Duration.ofMillis(200)).isEmpty());
                c.seekToBeginning(List.of(TP));
                assertEquals(9, values(c, 9).size());
            }
        }
    }

    @Test
    void anOutOfRangePositionIsResetByAutoOffsetResetOrFailsWithNone() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            produceThreeBatches(kafka);
            try (GregorConsumer<String, String> c = consumer(kafka, "auto.offset.reset", "earliest")) {
                c.assign(List.of(TP));
                c.seek(TP, 500);
                assertEquals("v0", values(c, 9).get(0));
            }
            try (GregorConsumer<String, String> c = consumer(kafka, "auto.offset.reset", "none")) {
                c.assign(List.of(TP));
                c.seek(TP, 500);
                GregorApiException e = assertThrows(GregorApiException.class, () -> c.poll(Duration.ofSeconds(2)));
                assertEquals(Errors.OFFSET_OUT_OF_RANGE, e.error());
            }
        }
    }

    @Test
    void fetchUsesTopicIdsAtTheHighestVersionWhenMetadataHasThem() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka()) {
            kafka.createTopic("t", 1, Map.of());
            produceThreeBatches(kafka);
            try (GregorConsumer<String, String> c = consumer(kafka)) {
                c.assign(List.of(TP));
                c.seek(TP, 0);
                assertEquals(9, values(c, 9).size());
            }
            var fetches = kafka.broker.received(ApiKey.FETCH);
            assertEquals(ApiKey.FETCH.maxVersion, fetches.get(0).header().apiVersion());
            assertEquals(-1, fetches.get(0).body().getInt("SessionEpoch"));
        }
    }

    @Test
    void subscribeIsRefusedWithAnExplanation() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka(); GregorConsumer<String, String> c = consumer(kafka)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> c.subscribe(List.of("t")));
            assertTrue(e.getMessage().contains("assign"));
            assertThrows(IllegalStateException.class, () -> c.poll(Duration.ZERO));
        }
    }
}
