package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.log.LogManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker in its own JVM is stopped (SIGTERM) or killed (kill -9) and started again on the same
 * log.dirs: every record it acknowledged is still there and readable, in order. With one broker,
 * acks=all means "in the leader's log", which the page cache keeps across a process kill.
 */
class BrokerRestartTest {
    private static final int SIGTERM_EXIT = 128 + 15;
    private static final int SIGKILL_EXIT = 128 + 9;
    /** Short, so the registration of a killed broker expires quickly and its successor can register. */
    private static final Map<String, String> OVERRIDES = Map.of("zookeeper.session.timeout.ms", "3000");

    private static GregorCluster cluster;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        cluster = GregorCluster.start();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Sends {@code count} records "{prefix}-i" with {@code acks}, waits for every acknowledgement, returns the values. */
    private static List<String> produce(String bootstrap, String topic, String acks, String prefix, int count)
            throws Exception {
        Map<String, Object> settings = acks.equals("all") ? Map.of(ProducerConfig.ACKS_CONFIG, "all")
                : Map.of(ProducerConfig.ACKS_CONFIG, acks, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        List<String> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, settings)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, prefix + "-" + i)));
            }
            producer.flush();
            for (int i = 0; i < count; i++) {
                futures.get(i).get(30, TimeUnit.SECONDS);
                acknowledged.add(prefix + "-" + i);
            }
        }
        return acknowledged;
    }

    private static List<String> readValues(BrokerProcess broker, String topic, int expected) {
        return ApacheClients.readAll(broker.bootstrapServers(), topic, 1, expected).stream()
                .map(ConsumerRecord::value).toList();
    }

    @Test
    void afterAGracefulStopEveryAcknowledgedRecordIsReadable() throws Exception {
        Path logDir = cluster.newDir("graceful-logs-");
        String topic = "restart-graceful";
        BrokerProcess broker = cluster.startBrokerProcess(0, logDir, OVERRIDES);
        ApacheClients.createTopic(broker.bootstrapServers(), topic, 1);
        List<String> acknowledged = new ArrayList<>(produce(broker.bootstrapServers(), topic, "1", "acks1", 300));
        acknowledged.addAll(produce(broker.bootstrapServers(), topic, "all", "acksall", 300));

        assertEquals(SIGTERM_EXIT, broker.stop(), broker.outputTail());
        assertTrue(Files.exists(logDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)), "a clean shutdown leaves its marker");

        BrokerProcess restarted = cluster.startBrokerProcess(0, logDir, OVERRIDES);
        try {
            assertEquals(acknowledged, readValues(restarted, topic, acknowledged.size()));
            List<String> more = produce(restarted.bootstrapServers(), topic, "all", "after", 10);
            List<String> all = new ArrayList<>(acknowledged);
            all.addAll(more);
            assertEquals(all, readValues(restarted, topic, all.size()), "the restarted log appends after the old records");
        } finally {
            restarted.stop();
        }
    }

    @Test
    void afterKillMinus9EveryAcknowledgedRecordIsReadable() throws Exception {
        Path logDir = cluster.newDir("killed-logs-");
        String topic = "restart-killed";
        BrokerProcess broker = cluster.startBrokerProcess(1, logDir, OVERRIDES);
        ApacheClients.createTopic(broker.bootstrapServers(), topic, 1);
        List<String> acksOne = produce(broker.bootstrapServers(), topic, "1", "acks1", 300);
        List<String> acksAll = produce(broker.bootstrapServers(), topic, "all", "acksall", 300);

        assertEquals(SIGKILL_EXIT, broker.kill());
        assertFalse(Files.exists(logDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE)), "a killed broker leaves no clean marker");

        BrokerProcess restarted = cluster.startBrokerProcess(1, logDir, OVERRIDES);
        try {
            List<String> read = readValues(restarted, topic, acksOne.size() + acksAll.size());
            assertTrue(read.containsAll(acksAll), "records acknowledged with acks=all survive kill -9: missing "
                    + acksAll.stream().filter(v -> !read.contains(v)).toList());
            List<String> expected = new ArrayList<>(acksOne);
            expected.addAll(acksAll);
            assertEquals(expected, read, "the page cache survives a process kill, so acks=1 records are there too");
        } finally {
            restarted.stop();
        }
    }
}
