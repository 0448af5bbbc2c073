package io.gregor.broker.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's acceptance, first slice, on three in-process brokers (each with its own registry and
 * Prometheus endpoint): MessagesInPerSec rises while producing, on the registry and on the scraped
 * endpoint; ActiveControllerCount sums to 1.
 */
class BrokerMetricsAcceptanceTest {
    private static final String MESSAGES_IN = "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec";
    private static final String ACTIVE_CONTROLLER = "kafka.controller:type=KafkaController,name=ActiveControllerCount";

    @Test
    void producingRaisesMessagesInOnTheScrapedEndpointAndExactlyOneBrokerIsTheActiveController() throws Exception {
        try (GregorCluster cluster = GregorCluster.start()) {
            GregorServer[] brokers = cluster.startInProcessBrokers(3, Map.of("metrics.http.listener", "http://127.0.0.1:0"));
            String bootstrap = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT");
            ApacheClients.createTopic(bootstrap, "metered", 3);
            try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of("acks", "all"))) {
                for (int i = 0; i < 300; i++) {
                    producer.send(new ProducerRecord<>("metered", i % 3, null, "v" + i));
                }
                producer.flush();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(300L, Arrays.stream(brokers)
                    .mapToLong(b -> b.metrics().registry().meter(MESSAGES_IN).getCount()).sum()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(1, Arrays.stream(brokers)
                    .mapToInt(b -> (Integer) b.metrics().registry().getGauges().get(ACTIVE_CONTROLLER).getValue()).sum()));
            double scraped = 0;
            for (GregorServer b : brokers) {
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + b.metrics().httpPort().orElseThrow() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                scraped += body.lines()
                        .filter(l -> l.startsWith("kafka_server_brokertopicmetrics_messagesin_total "))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).sum();
                assertTrue(body.contains("kafka_server_replicamanager_underreplicatedpartitions "), body);
            }
            assertEquals(300.0, scraped);
            for (GregorServer b : brokers) {
                assertEquals(0, b.metrics().registry().getGauges()
                        .get("kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions").getValue());
            }
            for (GregorServer b : brokers) {
                b.shutdown();
            }
        }
    }
}
