package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.consumer.StringDeserializer;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.producer.GregorProducer;
import io.gregor.clients.producer.ProducerRecord;
import io.gregor.clients.producer.StringSerializer;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.RecordBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer against a real broker: positions, resets, seeks inside batches, and fetch responses
 * cut short by max.partition.fetch.bytes. One broker serves the class; the topic "t" holds three
 * batches of three records each (offsets 0-8, values v0..v8).
 */
class GregorConsumerE2ETest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static GregorTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start();
        try (GregorAdmin admin = GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1)), false).all();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of("t")).get("t")
                    .partitions().stream().allMatch(p -> p.hasLeader()));
        }
        try (GregorProducer<String, String> p = new GregorProducer<>(props("linger.ms", 60_000),
                new StringSerializer(), new StringSerializer())) {
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 3; i++) {
                    p.send(new ProducerRecord<>("t", 0, null, "v" + (b * 3 + i)));
                }
                p.flush();
            }
        }
        assertEquals(3, cluster.batches("t", 0).size());
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "retry.backoff.ms", 10,
                "fetch.max.wait.ms", 50));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static GregorConsumer<String, String> consumer(Object... kv) {
        return new GregorConsumer<>(props(kv), new StringDeserializer(), new StringDeserializer());
    }

    private static List<String> values(GregorConsumer<String, String> c, int atLeast) {
        List<String> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
            c.poll(Duration.ofMillis(100)).forEach(r -> out.add(r.value()));
        }
        return out;
    }

    @Test
    void aFetchCutShortByMaxPartitionFetchBytesIsCompletedByTheNextFetches() throws Exception {
        List<RecordBatch> batches = cluster.batches("t", 0);
        int limit = batches.get(0).sizeInBytes() + batches.get(1).sizeInBytes() + 7; // ends inside the third batch
        try (GregorConsumer<String, String> c = consumer("max.partition.fetch.bytes", limit)) {
            c.assign(List.of(TP));
            c.seek(TP, 0);
            assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"), values(c, 9));
            assertEquals(9, c.position(TP));
        }
    }

    @Test
    void aFirstBatchLargerThanMaxPartitionFetchBytesIsStillReturned() {
        try (GregorConsumer<String, String> c = consumer("max.partition.fetch.bytes", 10)) {
            c.assign(List.of(TP));
            c.seek(TP, 0);
            assertEquals(List.of("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"), values(c, 9));
        }
    }

    @Test
    void seekInsideABatchSkipsItsEarlierRecordsAndMaxPollRecordsLimitsEachPoll() {
        try (GregorConsumer<String, String> c = consumer("max.poll.records", 2)) {
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

    @Test
    void positionsStartAtTheEndByDefaultAndSeekToBeginningReadsEverything() {
        try (GregorConsumer<String, String> c = consumer()) {
            c.assign(List.of(TP));
            assertEquals(9, c.position(TP));
            assertTrue(c.poll(Duration.ofMillis(200)).isEmpty());
            c.seekToBeginning(List.of(TP));
            assertEquals(9, values(c, 9).size());
        }
    }

    @Test
    void anOutOfRangePositionIsResetByAutoOffsetResetOrFailsWithNone() {
        try (GregorConsumer<String, String> c = consumer("auto.offset.reset", "earliest")) {
            c.assign(List.of(TP));
            c.seek(TP, 500);
            assertEquals("v0", values(c, 9).get(0));
        }
        try (GregorConsumer<String, String> c = consumer("auto.offset.reset", "none")) {
            c.assign(List.of(TP));
            c.seek(TP, 500);
            GregorApiException e = assertThrows(GregorApiException.class, () -> c.poll(Duration.ofSeconds(2)));
            assertEquals(Errors.OFFSET_OUT_OF_RANGE, e.error());
        }
    }
}
