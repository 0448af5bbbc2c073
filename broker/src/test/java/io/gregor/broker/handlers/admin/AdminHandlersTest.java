package io.gregor.broker.handlers.admin;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin handlers against a real ZooKeeper, with registered brokers and a controllable metadata view. */
class AdminHandlersTest {

    private static final AtomicInteger CHROOTS = new AtomicInteger();
    private static TestingServer server;
    private static ScheduledExecutorService scheduler;

    private GregorZkClient zk;
    private final List<BrokerRegistration> registrations = new ArrayList<>();
    private final Set<String> topicsWithLeaders = ConcurrentHashMap.newKeySet();
    private final Set<String> topicsInMetadata = ConcurrentHashMap.newKeySet();
    private final ApiHandlerRegistry registry = new ApiHandlerRegistry();
    private TopicAdmin admin;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 250, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1"), true);
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        scheduler.shutdownNow();
        server.close();
    }

    @BeforeEach
    void setUp() {
        zk = GregorZkClient.connect(server.getConnectString() + "/admin" + CHROOTS.incrementAndGet(), 6_000, 10_000);
        zk.createPersistentPaths();
        for (int id = 1; id <= 2; id++) {
            BrokerRegistration r = new BrokerRegistration(zk, BrokerInfo.of(id,
                    List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 9000 + id, "PLAINTEXT")), null, -1, Map.of(),
                    System.currentTimeMillis()), e -> { });
            r.start();
            registrations.add(r);
        }
        admin = new TopicAdmin(zk, 3, (short) 2);
        AdminHandlers.register(registry, admin, 1,
                Map.of("log.retention.hours", "48", "ssl.keystore.password", "secret", "broker.id", "1"),
                topicsWithLeaders::contains, topicsInMetadata::contains, scheduler);
    }

    @AfterEach
    void tearDown() {
        registrations.forEach(BrokerRegistration::close);
        zk.close();
    }

    private CompletableFuture<Struct> call(ApiKey key, int version, Struct request) {
        RequestContext context = new RequestContext(new RequestHeader(key.id, (short) version, 7, "test-client"), key,
                "PLAINTEXT", new InetSocketAddress("127.0.0.1", 5555), "conn-1");
        return registry.handler(key).handle(context, request);
    }

    /** The response as a client would decode it: written and read back at {@code version}. */
    private static Struct wire(ApiKey key, int version, Struct response) {
        ByteBuffer bytes = MessageCodec.writeToBuffer(ApiMessages.response(key), response, (short) version);
        return MessageCodec.read(bytes, key, (short) version, MessageType.RESPONSE);
    }

    private static Struct createRequest(String name, int partitions, int rf, Map<String, String> configs, boolean validateOnly,
                                        int timeoutMs) {
        Struct request = ApiMessages.request(ApiKey.CREATE_TOPICS).newStruct().set("timeoutMs", timeoutMs)
                .set("validateOnly", validateOnly);
        Struct topic = request.addElement("Topics").set("Name", name).set("NumPartitions", partitions)
                .set("ReplicationFactor", (short) rf);
        configs.forEach((k, v) -> topic.addElement("Configs").set("Name", k).set("Value", v));
        return request;
    }

    private static Struct config(Struct result, String name) {
        return result.getStructs("Configs").stream().filter(c -> c.getString("Name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void createTopicsValidateOnlyReportsTheDefaultsAndWritesNothing() throws Exception {
        Struct response = wire(ApiKey.CREATE_TOPICS, 7, call(ApiKey.CREATE_TOPICS, 7,
                createRequest("checked", -1, -1, Map.of("cleanup.policy", "compact"), true, 5_000)).get(5, TimeUnit.SECONDS));
        Struct topic = response.getStructs("Topics").get(0);
        assertEquals(Errors.NONE.code(), topic.getShort("ErrorCode"));
        assertEquals(3, topic.getInt("NumPartitions"));
        assertEquals(2, topic.getShort("ReplicationFactor"));
        assertEquals("compact", config(topic, "cleanup.policy").getString("Value"));
        assertEquals(1, config(topic, "cleanup.policy").getByte("ConfigSource"));
        assertEquals("172800000", config(topic, "retention.ms").getString("Value"));
        assertFalse(zk.topics().topicExists("checked"));
    }

    @Test
    void createTopicsAnswersOnceTheTopicHasLeaders() throws Exception {
        CompletableFuture<Struct> pending = call(ApiKey.CREATE_TOPICS, 4, createRequest("led", 2, 1, Map.of(), false, 10_000));
        assertTrue(zk.topics().topicExists("led"));
        assertFalse(pending.isDone());
        topicsWithLeaders.add("led");
        Struct topic = wire(ApiKey.CREATE_TOPICS, 4, pending.get(5, TimeUnit.SECONDS)).getStructs("Topics").get(0);
        assertEquals(Errors.NONE.code(), topic.getShort("ErrorCode"));
    }

    @Test
    void createTopicsTimesOutWhenNoLeaderAppears() throws Exception {
        Struct topic = call(ApiKey.CREATE_TOPICS, 2, createRequest("slow", 1, 1, Map.of(), false, 100))
                .get(5, TimeUnit.SECONDS).getStructs("Topics").get(0);
        assertEquals(Errors.REQUEST_TIMED_OUT.code(), topic.getShort("ErrorCode"));
    }

    @Test
    void createTopicsReportsPerTopicErrorsWithMessages() throws Exception {
        Struct request = createRequest("bad", 1, 1, Map.of("retention.ms", "soon"), false, 1_000);
        request.addElement("Topics").set("Name", "big").set("NumPartitions", 1).set("ReplicationFactor", (short) 5);
        request.addElement("Topics").set("Name", "bad name").set("NumPartitions", 1).set("ReplicationFactor", (short) 1);
        List<Struct> topics = wire(ApiKey.CREATE_TOPICS, 5, call(ApiKey.CREATE_TOPICS, 5, request).get(5, TimeUnit.SECONDS))
                .getStructs("Topics");
        assertEquals(Errors.INVALID_CONFIG.code(), topics.get(0).getShort("ErrorCode"));
        assertTrue(topics.get(0).getString("ErrorMessage").contains("retention.ms"));
        assertEquals(-1, topics.get(0).getInt("NumPartitions"));
        assertEquals(Errors.INVALID_REPLICATION_FACTOR.code(), topics.get(1).getShort("ErrorCode"));
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code(), topics.get(2).getShort("ErrorCode"));
    }

    @Test
    void describeConfigsOfATopicShowsOverridesBrokerValuesAndDefaultsWithSources() throws Exception {
        admin.createTopic(new NewTopic("described", 1, (short) 1, Map.of(), Map.of("segment.bytes", "1048576")), false);
        Struct request = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct().set("IncludeSynonyms", true);
        request.addElement("Resources").set("ResourceType", (byte) 2).set("ResourceName", "described").set("ConfigurationKeys", null);
        Struct result = wire(ApiKey.DESCRIBE_CONFIGS, 4, call(ApiKey.DESCRIBE_CONFIGS, 4, request).get(5, TimeUnit.SECONDS))
                .getStructs("Results").get(0);
        assertEquals(Errors.NONE.code(), result.getShort("ErrorCode"));
        Struct segment = config(result, "segment.bytes");
        assertEquals("1048576", segment.getString("Value"));
        assertEquals(1, segment.getByte("ConfigSource"));
        assertEquals(List.of("segment.bytes", "log.segment.bytes"),
                segment.getStructs("Synonyms").stream().map(s -> s.getString("Name")).toList());
        Struct retention = config(result, "retention.ms");
        assertEquals("172800000", retention.getString("Value"));
        assertEquals(4, retention.getByte("ConfigSource"));
        assertEquals(5, config(result, "cleanup.policy").getByte("ConfigSource"));
        assertEquals(7, config(result, "cleanup.policy").getByte("ConfigType"));

        Struct v0 = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct();
        v0.addElement("Resources").set("ResourceType", (byte) 2).set("ResourceName", "described")
                .set("ConfigurationKeys", List.of("segment.bytes", "segment.ms"));
        Struct old = wire(ApiKey.DESCRIBE_CONFIGS, 0, call(ApiKey.DESCRIBE_CONFIGS, 0, v0).get(5, TimeUnit.SECONDS))
                .getStructs("Results").get(0);
        assertEquals(2, old.getStructs("Configs").size());
        assertFalse(config(old, "segment.bytes").getBool("IsDefault"));
        assertTrue(config(old, "segment.ms").getBool("IsDefault"));
    }

    @Test
    void describeConfigsOfAnUnknownTopicAndOfTheBroker() throws Exception {
        Struct request = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct();
        request.addElement("Resources").set("ResourceType", (byte) 2).set("ResourceName", "missing").set("ConfigurationKeys", null);
        request.addElement("Resources").set("ResourceType", (byte) 4).set("ResourceName", "1").set("ConfigurationKeys", null);
        List<Struct> results = wire(ApiKey.DESCRIBE_CONFIGS, 2, call(ApiKey.DESCRIBE_CONFIGS, 2, request).get(5, TimeUnit.SECONDS))
                .getStructs("Results");
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), results.get(0).getShort("ErrorCode"));
        Struct password = config(results.get(1), "ssl.keystore.password");
        assertNull(password.getString("Value"));
        assertTrue(password.getBool("IsSensitive"));
        assertEquals("48", config(results.get(1), "log.retention.hours").getString("Value"));
    }

    @Test
    void deleteTopicsMarksTheTopicAndAnswersWhenItLeavesMetadata() throws Exception {
        admin.createTopic(NewTopic.of("gone", 1, 1), false);
        topicsInMetadata.add("gone");
        Struct request = ApiMessages.request(ApiKey.DELETE_TOPICS).newStruct().set("TimeoutMs", 10_000);
        request.addElement("Topics").set("Name", "gone");
        request.addElement("Topics").set("Name", "never");
        CompletableFuture<Struct> pending = call(ApiKey.DELETE_TOPICS, 6, request);
        assertEquals(List.of("gone"), zk.topics().getTopicsMarkedForDeletion());
        assertFalse(pending.isDone());
        topicsInMetadata.remove("gone");
        List<Struct> responses = wire(ApiKey.DELETE_TOPICS, 6, pending.get(5, TimeUnit.SECONDS)).getStructs("Responses");
        assertEquals(Errors.NONE.code(), responses.get(0).getShort("ErrorCode"));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), responses.get(1).getShort("ErrorCode"));
    }

    @Test
    void createPartitionsRefusesADecreaseAndAddsPartitions() throws Exception {
        admin.createTopic(NewTopic.of("grow", 2, 1), false);
        Struct request = ApiMessages.request(ApiKey.CREATE_PARTITIONS).newStruct().set("TimeoutMs", 1_000);
        request.addElement("Topics").set("Name", "grow").set("Count", 4).set("Assignments", null);
        Struct shrink = ApiMessages.request(ApiKey.CREATE_PARTITIONS).newStruct().set("TimeoutMs", 1_000);
        shrink.addElement("Topics").set("Name", "grow").set("Count", 1).set("Assignments", null);
        assertEquals(Errors.NONE.code(), wire(ApiKey.CREATE_PARTITIONS, 3, call(ApiKey.CREATE_PARTITIONS, 3, request)
                .get(5, TimeUnit.SECONDS)).getStructs("Results").get(0).getShort("ErrorCode"));
        assertEquals(4, zk.topics().getTopicAssignment("grow").orElseThrow().partitions().size());
        assertEquals(Errors.INVALID_PARTITIONS.code(), call(ApiKey.CREATE_PARTITIONS, 1, shrink)
                .get(5, TimeUnit.SECONDS).getStructs("Results").get(0).getShort("ErrorCode"));
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletesTopicOverrides() throws Exception {
        admin.createTopic(new NewTopic("tuned", 1, (short) 1, Map.of(), Map.of("retention.ms", "1000")), false);
        Struct request = ApiMessages.request(ApiKey.INCREMENTAL_ALTER_CONFIGS).newStruct();
        Struct resource = request.addElement("Resources").set("ResourceType", (byte) 2).set("ResourceName", "tuned");
        resource.addElement("Configs").set("Name", "retention.ms").set("ConfigOperation", (byte) 1).set("Value", null);
        resource.addElement("Configs").set("Name", "cleanup.policy").set("ConfigOperation", (byte) 2).set("Value", "compact");
        Struct response = wire(ApiKey.INCREMENTAL_ALTER_CONFIGS, 1, call(ApiKey.INCREMENTAL_ALTER_CONFIGS, 1, request)
                .get(5, TimeUnit.SECONDS));
        assertEquals(Errors.NONE.code(), response.getStructs("Responses").get(0).getShort("ErrorCode"));
        assertEquals(Map.of("cleanup.policy", "delete,compact"), admin.topicConfigOverrides("tuned"));
    }
}
