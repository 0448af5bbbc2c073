package io.gregor.broker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.core.log.Log;
import io.gregor.core.log.TopicPartition;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class LogMetricsTest {
    private static final int PARTITIONS = 10_000;

    @Test
    void tenThousandLogsGetTheirGaugesAndLoseThemWithTheTopicsPerTopicMeters() throws Exception {
        try (BrokerMetrics metrics = BrokerMetrics.start(Optional.of(new MetricsHttpListener("127.0.0.1", 0)))) {
            BrokerTopicMetrics topics = new BrokerTopicMetrics(metrics.registry());
            LogMetrics logs = new LogMetrics(metrics.registry(), tp -> Optional.<Log>empty(), topics);
            topics.produced("many", 1, 10);
            long start = System.nanoTime();
            for (int p = 0; p < PARTITIONS; p++) {
                logs.logAdded(new TopicPartition("many", p));
            }
            long addedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(4 * PARTITIONS, metrics.registry().getGauges((n, m) -> n.startsWith("kafka.log:")).size());
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(
                    new ObjectName("kafka.log:type=Log,name=NumLogSegments,topic=many,partition=9999")));
            logs.logAdded(new TopicPartition("many", 0)); // loaded again: one gauge still
            start = System.nanoTime();
            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + metrics.httpPort().orElseThrow() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long scrapeMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(scrape.contains("kafka_log_log_size{partition=\"9999\",topic=\"many\"} 0.0"));
            start = System.nanoTime();
            for (int p = 0; p < PARTITIONS - 1; p++) {
                logs.logRemoved(new TopicPartition("many", p));
            }
            assertTrue(metrics.registry().getMeters().containsKey(
                    "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=many"), "one log of the topic is left");
            logs.logRemoved(new TopicPartition("many", PARTITIONS - 1));
            long removedMs = (System.nanoTime() - start) / 1_000_000;
            assertFalse(metrics.registry().getNames().stream().anyMatch(n -> n.contains("topic=many")));
            assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(
                    new ObjectName("kafka.log:type=Log,name=NumLogSegments,topic=many,partition=9999")));
            System.out.printf("%d logs: gauges added in %d ms, scraped in %d ms, removed in %d ms%n", PARTITIONS, addedMs,
                    scrapeMs, removedMs);
        }
    }
}
