package io.gregor.broker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.admin.AlterConfigOp;
import io.gregor.clients.admin.BatchResult;
import io.gregor.clients.admin.ClusterDescription;
import io.gregor.clients.admin.ConfigEntry;
import io.gregor.clients.admin.CreatedTopic;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.protocol.Errors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin client against real ZooKeeper and a real broker (one broker for the class; topic names per test). */
class GregorAdminE2ETest {
    private static GregorTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = GregorTestCluster.start(Map.of("auto.create.topics.enable", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static GregorAdmin admin() {
        return GregorAdmin.create(Map.of("bootstrap.servers", cluster.bootstrapServers(), "retry.backoff.ms", 10,
                "default.api.timeout.ms", 15000));
    }

    private static void awaitLeaders(GregorAdmin admin, String topic) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(topic)).get(topic)
                .partitions().stream().allMatch(p -> p.hasLeader()));
    }

    @Test
    void createsListsDescribesAndDeletesTopics() {
        try (GregorAdmin admin = admin()) {
            BatchResult<CreatedTopic> created = admin.createTopics(List.of(
                    new NewTopic("a1", 3, (short) 1, Map.of("retention.ms", "1000")), new NewTopic("b1", 1, (short) 1)), false);
            assertEquals(3, created.all().get("a1").numPartitions());
            assertTrue(admin.listTopics(false).containsAll(Set.of("a1", "b1")));
            awaitLeaders(admin, "a1");

            TopicDescription a = admin.describeTopics(List.of("a1")).get("a1");
            assertEquals(created.all().get("a1").topicId(), a.topicId());
            assertEquals(3, a.partitions().size());
            assertEquals(1, a.replicationFactor());
            assertEquals(List.of(0), a.partitions().get(2).isr());

            List<ConfigEntry> configs = admin.describeTopicConfigs(List.of("a1")).get("a1");
            ConfigEntry retention = configs.stream().filter(c -> c.name().equals("retention.ms")).findFirst().orElseThrow();
            assertEquals("1000", retention.value());
            assertFalse(retention.isDefault());
            assertTrue(configs.stream().anyMatch(c -> c.name().equals("segment.bytes") && c.isDefault()));

            UUID bId = created.all().get("b1").topicId();
            assertEquals(bId, admin.deleteTopics(List.of("b1")).all().get("b1"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics(false).contains("b1"));
            GregorApiException e = assertThrows(GregorApiException.class, () -> admin.describeTopics(List.of("b1")));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, e.error());
        }
    }

    @Test
    void perTopicErrorsComeBackAsExceptionsCarryingTheKafkaError() {
        try (GregorAdmin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("exists2", 1, (short) 1)), false).all();
            BatchResult<CreatedTopic> r = admin.createTopics(List.of(new NewTopic("exists2", 1, (short) 1),
                    new NewTopic("fresh2", 2, (short) 1), new NewTopic("wide2", 1, (short) 3)), false);
            assertEquals(Set.of("fresh2"), r.succeeded().keySet());
            assertEquals(Errors.TOPIC_ALREADY_EXISTS, r.failed().get("exists2").error());
            assertEquals(Errors.INVALID_REPLICATION_FACTOR, r.failed().get("wide2").error());
            assertTrue(r.failed().get("wide2").getMessage().contains("3"), r.failed().get("wide2").getMessage());
            assertEquals(Errors.TOPIC_ALREADY_EXISTS, assertThrows(GregorApiException.class, r::all).error());
        }
    }

    @Test
    void validateOnlyCreatesNothing() {
        try (GregorAdmin admin = admin()) {
            assertEquals(2, admin.createTopics(List.of(new NewTopic("v3", 2, (short) 1)), true).all().get("v3").numPartitions());
            assertFalse(admin.listTopics(true).contains("v3"));
        }
    }

    @Test
    void describeClusterReportsClusterIdControllerAndTheBroker() {
        try (GregorAdmin admin = admin()) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeCluster().controller() != null);
            ClusterDescription d = admin.describeCluster();
            assertEquals(cluster.server().clusterId(), d.clusterId());
            assertEquals(0, d.controller().id());
            assertEquals(1, d.nodes().size());
            assertEquals(cluster.server().boundPort("PLAINTEXT"), d.nodes().get(0).port());
        }
    }

    @Test
    void alterTopicConfigsSetsAndDeletesOverrides() {
        try (GregorAdmin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("c4", 1, (short) 1, Map.of("retention.ms", "1000"))), false).all();
            admin.alterTopicConfigs("c4", List.of(AlterConfigOp.set("cleanup.policy", "compact"),
                    AlterConfigOp.delete("retention.ms")), false);
            Map<String, String> overrides = new java.util.HashMap<>();
            admin.describeTopicConfigs(List.of("c4")).get("c4").stream().filter(c -> !c.isDefault())
                    .forEach(c -> overrides.put(c.name(), c.value()));
            assertEquals(Map.of("cleanup.policy", "compact"), overrides);
            GregorApiException e = assertThrows(GregorApiException.class,
                    () -> admin.alterTopicConfigs("missing4", List.of(AlterConfigOp.set("retention.ms", "5")), false));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, e.error());
        }
    }
}
