package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.broker.GregorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The group coordinator's metrics and the ZooKeeper client's on three in-process brokers with
 * their Prometheus endpoints on: Kafka's GroupMetadataManager counts, Gregor's consumer lag per
 * group and partition (partitions led by the coordinator and by other brokers), and Kafka's
 * ZooKeeper request latency and session state.
 */
class GroupAndZooKeeperMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GROUPS = "kafka.coordinator.group:type=GroupMetadataManager,name=";
    private static final String LAG = "gregor.coordinator.group:type=ConsumerLag,name=";
    private static final String TOPIC = "lagged";
    private static final int PARTITIONS = 3;

    private static InProcessBrokers cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = InProcessBrokers.start(3, Map.of("metrics.http.listener", "http://127.0.0.1:0"), WAIT);
        cluster.admin().createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 2))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = ApacheClients.producer(cluster.bootstrap(), Map.of("acks", "all"))) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, p, null, "v" + i)).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aGroupThatCommittedThreeOfTenRecordsShowsLagSevenThenZeroAfterCommittingTen() throws Exception {
        String group = "lagging";
        Map<String, Object> config = Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = ApacheClients.consumer(cluster.bootstrap(), config)) {
            consumer.subscribe(List.of(TOPIC));
            Awaitility.await("partitions assigned").atMost(WAIT)
                    .until(() -> consumer.poll(Duration.ofMillis(200)) != null && consumer.assignment().size() == PARTITIONS);
            consumer.commitSync(offsets(3));
            GregorServer coordinator = coordinatorOf(group);
            MetricRegistry registry = coordinator.metrics().registry();

            await("lag 7 on every partition", () -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    assertEquals(7L, value(registry, lag(group, p)));
                }
                assertEquals(21L, value(registry, LAG + "TotalLag,group=" + group));
                assertEquals(7L, value(registry, LAG + "MaxLag,group=" + group));
            });
            String scraped = scrape(coordinator);
            assertTrue(scraped.contains("gregor_coordinator_group_consumerlag_lag{group=\"lagging\",partition=\"0\",topic=\"lagged\"} 7.0"),
                    scraped);
            assertTrue(scraped.contains("gregor_coordinator_group_consumerlag_totallag{group=\"lagging\"} 21.0"), scraped);
            for (GregorServer broker : cluster.brokers()) {
                if (broker != coordinator) {
                    assertTrue(broker.metrics().registry().getGauges((name, m) -> name.startsWith(LAG)).isEmpty(),
                            "only the coordinator reports the group's lag");
                }
            }
            await("the group is Stable with its 3 offsets counted", () -> {
                assertEquals(1, value(registry, GROUPS + "NumGroupsStable"));
                assertTrue((Integer) value(registry, GROUPS + "NumOffsets") >= 3);
            });

            consumer.commitSync(offsets(10));
            await("lag 0 after committing 10", () -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    assertEquals(0L, value(registry, lag(group, p)));
                }
                assertEquals(0L, value(registry, LAG + "TotalLag,group=" + group));
            });
        }
    }

    @Test
    void deletingAGroupRemovesItsLagGaugesAndItsCount() throws Exception {
        String group = "deleted";
        cluster.admin().alterConsumerGroupOffsets(group, Map.of(new TopicPartition(TOPIC, 1), new OffsetAndMetadata(4)))
                .all().get(30, TimeUnit.SECONDS);
        MetricRegistry registry = coordinatorOf(group).metrics().registry();
        await("the lag of a group that only commits", () -> assertEquals(6L, value(registry, lag(group, 1))));
        assertTrue((Integer) value(registry, GROUPS + "NumGroupsEmpty") >= 1, "a group that only commits is Empty");

        cluster.admin().deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
        await("its gauges gone", () -> {
            assertTrue(registry.getGauges((name, m) -> name.startsWith(LAG) && name.contains("group=" + group + ","))
                    .isEmpty());
            assertTrue(!registry.getGauges().containsKey(LAG + "TotalLag,group=" + group)
                    && !registry.getGauges().containsKey(LAG + "MaxLag,group=" + group));
        });
    }

    @Test
    void everyBrokerTimesItsZooKeeperRequestsAndShowsItsSessionConnected() {
        for (GregorServer broker : cluster.brokers()) {
            MetricRegistry registry = broker.metrics().registry();
            assertTrue(registry.histogram("kafka.server:type=ZooKeeperClientMetrics,name=ZooKeeperRequestLatencyMs")
                    .getCount() > 0);
            assertEquals("CONNECTED", registry.getGauges().get("kafka.server:type=SessionExpireListener,name=SessionState")
                    .getValue());
            assertTrue(registry.meter("kafka.server:type=SessionExpireListener,name=ZooKeeperSyncConnectsPerSec")
                    .getCount() >= 1);
            assertTrue(scrape(broker).contains("kafka_server_zookeeperclientmetrics_zookeeperrequestlatencyms_count"));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long offset) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset));
        }
        return offsets;
    }

    private static String lag(String group, int partition) {
        return LAG + "Lag,group=" + group + ",topic=" + TOPIC + ",partition=" + partition;
    }

    private static GregorServer coordinatorOf(String group) throws Exception {
        int id = cluster.admin().describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group)
                .coordinator().id();
        List<GregorServer> matching = new ArrayList<>();
        for (GregorServer broker : cluster.brokers()) {
            if (broker.config().brokerId() == id) {
                matching.add(broker);
            }
        }
        assertEquals(1, matching.size());
        return matching.get(0);
    }

    private static Object value(MetricRegistry registry, String name) {
        Gauge<?> gauge = registry.getGauges().get(name);
        if (gauge == null) {
            throw new AssertionError("no gauge " + name);
        }
        Object v = gauge.getValue();
        return v instanceof Integer i ? i : v;
    }

    private static void await(String what, Runnable assertion) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion::run);
    }

    private static String scrape(GregorServer broker) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + broker.metrics().httpPort().orElseThrow() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        } catch (Exception e) {
            throw new AssertionError("scraping broker " + broker.config().brokerId() + ": " + e, e);
        }
    }
}
