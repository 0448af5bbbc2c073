package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import io.gregor.broker.GregorServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The {@code kafka.log:type=Log} gauges of every replica's log, on three in-process brokers: their
 * values after producing, on each broker's registry, over JMX and on the Prometheus endpoint; and
 * that they, with the topic's per-topic BrokerTopicMetrics meters, leave with a deleted topic.
 */
class LogMetricsAcceptanceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "logged";

    @Test
    void logGaugesShowEachReplicasLogAndLeaveWithTheDeletedTopic() throws Exception {
        try (InProcessBrokers c = InProcessBrokers.start(3, Map.of("metrics.http.listener", "http://127.0.0.1:0"), WAIT)) {
            c.admin().createTopics(List.of(new NewTopic(TOPIC, 2, (short) 3))).all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = ApacheClients.producer(c.bootstrap(), Map.of("acks", "all"))) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, 0, null, "zero-" + i));
                }
                for (int i = 0; i < 4; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, 1, null, "one-" + i));
                }
                producer.flush();
            }
            for (GregorServer b : c.brokers()) {
                await().atMost(WAIT).untilAsserted(() -> {
                    assertEquals(10L, gauge(b, "LogEndOffset", 0));
                    assertEquals(4L, gauge(b, "LogEndOffset", 1));
                });
                assertEquals(0L, gauge(b, "LogStartOffset", 0));
                assertTrue(((Number) gauge(b, "NumLogSegments", 0)).intValue() >= 1);
                assertTrue(((Number) gauge(b, "Size", 0)).longValue() > 0);
                String scraped = scrape(b);
                assertTrue(scraped.contains("kafka_log_log_logendoffset{partition=\"0\",topic=\"logged\"} 10.0"), scraped);
                assertTrue(scraped.contains("kafka_log_log_numlogsegments{partition=\"1\",topic=\"logged\"} "), scraped);
            }
            ObjectName endOffset = new ObjectName("kafka.log:type=Log,name=LogEndOffset,topic=logged,partition=0");
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(endOffset));
            assertEquals("type=Log,name=LogEndOffset,topic=logged,partition=0", endOffset.getKeyPropertyListString());
            assertTrue(c.brokers()[0].metrics().registry().getMeters()
                    .containsKey("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=logged")
                    || c.brokers()[1].metrics().registry().getMeters()
                    .containsKey("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=logged")
                    || c.brokers()[2].metrics().registry().getMeters()
                    .containsKey("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=logged"));

            c.admin().deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
            for (GregorServer b : c.brokers()) {
                await().atMost(WAIT).untilAsserted(() -> assertFalse(b.metrics().registry().getNames().stream()
                        .anyMatch(n -> n.contains("topic=logged")), () -> "left on broker " + b.config().brokerId()));
                assertFalse(scrape(b).contains("topic=\"logged\""));
            }
            assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(endOffset));
        }
    }

    private static Object gauge(GregorServer broker, String name, int partition) {
        Gauge<?> gauge = broker.metrics().registry().getGauges()
                .get("kafka.log:type=Log,name=" + name + ",topic=" + TOPIC + ",partition=" + partition);
        return gauge == null ? null : gauge.getValue();
    }

    static String scrape(GregorServer broker) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + broker.metrics().httpPort().orElseThrow() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
