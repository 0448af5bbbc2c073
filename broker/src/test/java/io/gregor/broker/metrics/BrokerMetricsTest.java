package io.gregor.broker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.config.ConfigException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class BrokerMetricsTest {
    @Test
    void aMeterIsReadableOverJmxUnderKafkasMBeanNameAndOnThePrometheusEndpoint() throws Exception {
        String name = KafkaMetricName.ofTopic("kafka.server", "BrokerTopicMetrics", "MessagesInPerSec", "metrics-test");
        try (BrokerMetrics metrics = BrokerMetrics.start(Optional.of(new MetricsHttpListener("127.0.0.1", 0)))) {
            metrics.registry().meter(name).mark(42);
            Object count = ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(name), "Count");
            assertEquals(42L, count);
            assertTrue(ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(name), "OneMinuteRate")
                    instanceof Double);
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.httpPort().orElseThrow() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().lines().anyMatch(l -> l.equals("kafka_server_brokertopicmetrics_messagesin_total{topic=\"metrics-test\"} 42.0")), scrape.body());
        }
        assertTrue(!ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(name)),
                "closing the metrics unregisters the MBeans");
    }

    @Test
    void topicsWhoseNamesDifferOnlyInDashAndUnderscoreAreBothScraped() throws Exception {
        try (BrokerMetrics metrics = BrokerMetrics.start(Optional.of(new MetricsHttpListener("127.0.0.1", 0)))) {
            BrokerTopicMetrics topics = new BrokerTopicMetrics(metrics.registry());
            topics.produced("a-b", 3, 30);
            topics.produced("a_b", 5, 50);
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics.httpPort().orElseThrow() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode(), scrape.body());
            assertTrue(scrape.body().contains("topic=\"a-b\"") && scrape.body().contains("topic=\"a_b\""), scrape.body());
        }
    }

    @Test
    void aBadMetricsHttpListenerIsRefusedNamingTheKey() {
        for (String bad : new String[] {"127.0.0.1:9308", "https://127.0.0.1:9308", "http://127.0.0.1", "http://h:99999",
                "http://127.0.0.1:9308/path", "not a url"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> MetricsHttpListener.parse(bad), bad);
            assertTrue(e.getMessage().contains("metrics.http.listener"), e.getMessage());
        }
        assertEquals(new MetricsHttpListener("127.0.0.1", 9308), MetricsHttpListener.parse("http://127.0.0.1:9308"));
    }
}
