package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica} on three in-process
 * brokers: 0 on every broker at rest; on a follower restarted behind its leader and held back by
 * the follower replication throttle, the records it lags by, back to 0 once it has caught up.
 */
class ReplicaFetcherMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String MAX_LAG = "kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica";
    private static final String MIN_FETCH_RATE = "kafka.server:type=ReplicaFetcherManager,name=MinFetchRate,clientId=Replica";
    private static final int RECORDS = 300;

    @Test
    void maxLagIsZeroAtRestAndCountsTheRecordsARestartedFollowerIsBehind() throws Exception {
        Map<String, String> metricsOn = Map.of("metrics.http.listener", "http://127.0.0.1:0");
        try (InProcessBrokers c = InProcessBrokers.start(3, metricsOn, WAIT)) {
            c.admin().createTopics(List.of(new NewTopic("lagging", Map.of(0, List.of(1, 2)))
                    .configs(Map.of("follower.replication.throttled.replicas", "0:2")))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = ApacheClients.producer(c.bootstrap(), Map.of("acks", "all"))) {
                producer.send(new ProducerRecord<>("lagging", 0, null, "first")).get(30, TimeUnit.SECONDS);
            }
            for (GregorServer b : c.brokers()) {
                await().atMost(WAIT).untilAsserted(() -> assertEquals(0L, gauge(b, MAX_LAG)));
            }
            GregorServer follower = c.brokers()[2];
            await().atMost(WAIT).until(() -> ((Number) gauge(follower, MIN_FETCH_RATE)).doubleValue() > 0);

            Path followerDir = follower.config().logDirs().get(0);
            follower.shutdown();
            String value = "x".repeat(1000);
            try (KafkaProducer<String, String> producer = ApacheClients.producer(c.bootstrap(), Map.of("acks", "1"))) {
                await().atMost(WAIT).ignoreExceptions().until(() -> producer.send(
                        new ProducerRecord<>("lagging", 0, null, value)).get(5, TimeUnit.SECONDS) != null);
                for (int i = 1; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>("lagging", 0, null, value)).get(30, TimeUnit.SECONDS);
                }
            }
            Map<String, String> slowFollower = new HashMap<>(metricsOn);
            slowFollower.put("follower.replication.throttled.rate", "100000");
            slowFollower.put("replica.fetch.max.bytes", "2048");
            GregorServer restarted = c.cluster().joinInProcessBroker(2, followerDir, slowFollower);
            AtomicLong largest = new AtomicLong();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                largest.accumulateAndGet((Long) gauge(restarted, MAX_LAG), Math::max);
                return largest.get() > 0 && restarted.replicaManager().partition(
                        new io.gregor.core.log.TopicPartition("lagging", 0))
                        .map(p -> p.logEndOffset() == RECORDS + 1).orElse(false);
            });
            assertTrue(largest.get() > 0 && largest.get() <= RECORDS, "largest lag seen " + largest.get());
            await().atMost(WAIT).untilAsserted(() -> assertEquals(0L, gauge(restarted, MAX_LAG)));
            assertTrue(LogMetricsAcceptanceTest.scrape(restarted).contains(
                    "kafka_server_replicafetchermanager_maxlag{clientId=\"Replica\"} 0.0"));
            restarted.shutdown();
        }
    }

    private static Object gauge(GregorServer broker, String name) {
        return broker.metrics().registry().getGauges().get(name).getValue();
    }
}
