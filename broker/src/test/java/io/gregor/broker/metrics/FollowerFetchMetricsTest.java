package io.gregor.broker.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.MetricRegistry;
import io.gregor.broker.GregorServer;
import io.gregor.broker.it.ApacheClients;
import io.gregor.broker.it.GregorCluster;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * On two in-process brokers (each read through its own registry: they share the platform MBean
 * server), a follower's fetches count as FetchFollower and as Fetch, never as FetchConsumer.
 */
class FollowerFetchMetricsTest {
    private static long requests(GregorServer broker, String request) {
        MetricRegistry registry = broker.metrics().registry();
        String prefix = "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + request + ",version=";
        return registry.getMeters((name, metric) -> name.startsWith(prefix)).values().stream()
                .mapToLong(com.codahale.metrics.Meter::getCount).sum();
    }

    @Test
    void aFollowersFetchesCountAsFetchFollowerAndFetchButNotAsFetchConsumer() throws Exception {
        try (GregorCluster cluster = GregorCluster.start()) {
            GregorServer[] brokers = cluster.startInProcessBrokers(2, Map.of());
            String bootstrap = "127.0.0.1:" + brokers[0].boundPort("PLAINTEXT");
            try (Admin admin = ApacheClients.admin(bootstrap)) {
                admin.createTopics(List.of(new NewTopic("replicated", 1, (short) 2))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of("acks", "all"))) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>("replicated", "v" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(brokers)
                    .mapToLong(b -> requests(b, "FetchFollower")).sum() > 0);
            for (GregorServer b : brokers) {
                b.shutdown(); // the counts stand still from here on
            }
            for (GregorServer b : brokers) {
                assertEquals(0, requests(b, "FetchConsumer"), "no consumer fetched");
                assertEquals(requests(b, "FetchFollower"), requests(b, "Fetch"), "every fetch was a follower's");
                assertEquals(requests(b, "FetchFollower"), b.metrics().registry().histogram(
                        "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=FetchFollower").getCount());
            }
        }
    }
}
