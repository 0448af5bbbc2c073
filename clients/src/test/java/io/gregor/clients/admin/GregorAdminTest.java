package io.gregor.clients.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.InMemoryKafka;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The admin client against the in-memory protocol stand-in. */
class GregorAdminTest {
    private static GregorAdmin admin(InMemoryKafka kafka) {
        return GregorAdmin.create(Map.of("bootstrap.servers", kafka.bootstrap(), "retry.backoff.ms", 10,
                "default.api.timeout.ms", 3000));
    }

    @Test
    void createsListsDescribesAndDeletesTopics() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka(); GregorAdmin admin = admin(kafka)) {
            BatchResult<CreatedTopic> created = admin.createTopics(List.of(
                    new NewTopic("a", 3, (short) 1, Map.of("retention.ms", "1000")), new NewTopic("b", 1, (short) 1)), false);
            assertEquals(3, created.all().get("a").numPartitions());
            assertEquals(kafka.topics.get("a").id(), created.all().get("a").topicId());
            assertEquals(Set.of("a", "b"), admin.listTopics(false));

            TopicDescription a = admin.describeTopics(List.of("a")).get("a");
            assertEquals(3, a.partitions().size());
            assertEquals(1, a.replicationFactor());
            assertEquals(List.of(1), a.partitions().get(2).isr());

            List<ConfigEntry> configs = admin.describeTopicConfigs(List.of("a")).get("a");
            ConfigEntry retention = configs.stream().filter(c -> c.name().equals("retention.ms")).findFirst().orElseThrow();
            assertEquals("1000", retention.value());
            assertFalse(retention.isDefault());
            assertTrue(configs.stream().anyMatch(c -> c.name().equals("segment.bytes") && c.isDefault()));

            assertEquals(kafka.topics.get("b").id(), admin.deleteTopics(List.of("b")).all().get("b"));
            assertEquals(Set.of("a"), admin.listTopics(false));
            GregorApiException e = assertThrows(GregorApiException.class, () -> admin.describeTopics(List.of("b")));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, e.error());
        }
    }

    @Test
    void perTopicErrorsComeBackAsExceptionsCarryingTheKafkaError() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka(); GregorAdmin admin = admin(kafka)) {
            kafka.createTopic("exists", 1, Map.of());
            BatchResult<CreatedTopic> r = admin.createTopics(List.of(new NewTopic("exists", 1, (short) 1),
                    new NewTopic("fresh", 2, (short) 1), new NewTopic("wide", 1, (short) 3)), false);
            assertEquals(Set.of("fresh"), r.succeeded().keySet());
            assertEquals(Errors.TOPIC_ALREADY_EXISTS, r.failed().get("exists").error());
            assertEquals(Errors.INVALID_REPLICATION_FACTOR, r.failed().get("wide").error());
            assertTrue(r.failed().get("wide").getMessage().contains("larger than available brokers"));
            assertEquals(Errors.TOPIC_ALREADY_EXISTS, assertThrows(GregorApiException.class, r::all).error());
        }
    }

    @Test
    void validateOnlyCreatesNothing() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka(); GregorAdmin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic("v", 2, (short) 1)), true).all();
            assertTrue(admin.listTopics(true).isEmpty());
            assertTrue(kafka.broker.received(ApiKey.CREATE_TOPICS).get(0).body().getBool("validateOnly"));
        }
    }

    @Test
    void notControllerIsRetriedAfterAMetadataRefresh() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka(); GregorAdmin admin = admin(kafka)) {
            AtomicInteger calls = new AtomicInteger();
            kafka.broker.on(ApiKey.CREATE_TOPICS, (h, req) -> {
                Struct resp = ApiMessages.response(ApiKey.CREATE_TOPICS).newStruct();
                String name = req.getStructs("Topics").get(0).getString("Name");
                if (calls.incrementAndGet() == 1) {
                    resp.addElement("Topics").set("Name", name).set("ErrorCode", Errors.NOT_CONTROLLER.code());
                } else {
                    kafka.createTopic(name, 1, Map.of());
                    resp.addElement("Topics").set("Name", name).set("NumPartitions", 1);
                }
                return resp;
            });
            admin.createTopics(List.of(new NewTopic("c", 1, (short) 1)), false).all();
            assertEquals(2, calls.get());
            assertEquals(Set.of("c"), admin.listTopics(false));
        }
    }

    @Test
    void describeClusterReportsClusterIdControllerAndBrokers() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka(); GregorAdmin admin = admin(kafka)) {
            ClusterDescription viaMetadata = admin.describeCluster();
            assertEquals("in-memory-cluster", viaMetadata.clusterId());
            assertEquals(InMemoryKafka.NODE_ID, viaMetadata.controller().id());
            assertEquals(1, viaMetadata.nodes().size());
            kafka.broker.on(ApiKey.DESCRIBE_CLUSTER, (h, r) -> {
                Struct resp = ApiMessages.response(ApiKey.DESCRIBE_CLUSTER).newStruct().set("ClusterId", "dc")
                        .set("ControllerId", 2);
                resp.addElement("Brokers").set("BrokerId", 2).set("Host", "h2").set("Port", 9093);
                resp.addElement("Brokers").set("BrokerId", 1).set("Host", "h1").set("Port", 9092);
                return resp;
            });
            try (GregorAdmin fresh = admin(kafka)) {
                ClusterDescription d = fresh.describeCluster();
                assertEquals("dc", d.clusterId());
                assertEquals("h2", d.controller().host());
                assertEquals(List.of(1, 2), d.nodes().stream().map(n -> n.id()).toList());
            }
        }
    }

    @Test
    void alterTopicConfigsSetsAndDeletesOverrides() throws Exception {
        try (InMemoryKafka kafka = new InMemoryKafka(); GregorAdmin admin = admin(kafka)) {
            kafka.createTopic("t", 1, Map.of("retention.ms", "1000"));
            admin.alterTopicConfigs("t", List.of(AlterConfigOp.set("cleanup.policy", "compact"),
                    AlterConfigOp.delete("retention.ms")), false);
            assertEquals(Map.of("cleanup.policy", "compact"), kafka.topics.get("t").configs());
            GregorApiException e = assertThrows(GregorApiException.class,
                    () -> admin.alterTopicConfigs("missing", List.of(AlterConfigOp.set("a", "b")), false));
            assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, e.error());
        }
    }
}
