package io.gregor.broker.handlers.admin;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.config.DynamicBrokerConfig;
import io.gregor.broker.it.GregorCluster;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterConfigsRequest;
import io.gregor.clients.protocol.schemas.AlterConfigsResponse;
import io.gregor.clients.protocol.schemas.CreatePartitionsRequest;
import io.gregor.clients.protocol.schemas.CreatePartitionsResponse;
import io.gregor.clients.protocol.schemas.CreateTopicsRequest;
import io.gregor.clients.protocol.schemas.CreateTopicsResponse;
import io.gregor.clients.protocol.schemas.DeleteTopicsRequest;
import io.gregor.clients.protocol.schemas.DeleteTopicsResponse;
import io.gregor.clients.protocol.schemas.DescribeConfigsRequest;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse.Results.Configs.Synonyms;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsRequest;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsResponse;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.ConfigEntityStore;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
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
    private DynamicBrokerConfig brokerConfig;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = GregorCluster.startLoopbackZooKeeper();
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
        brokerConfig = new DynamicBrokerConfig(BrokerConfig.fromMap(Map.of("log.retention.hours", "48", "broker.id", "1",
                "zookeeper.connect", server.getConnectString())));
        AdminHandlers.register(registry, admin, brokerConfig, new ConfigEntityStore(zk), () -> { },
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
        Struct request = ApiMessages.request(ApiKey.CREATE_TOPICS).newStruct()
                .set(CreateTopicsRequest.TIMEOUT_MS, timeoutMs)
                .set(CreateTopicsRequest.VALIDATE_ONLY, validateOnly);
        Struct topic = request.addElement(CreateTopicsRequest.TOPICS).set(CreateTopicsRequest.Topics.NAME, name)
                .set(CreateTopicsRequest.Topics.NUM_PARTITIONS, partitions)
                .set(CreateTopicsRequest.Topics.REPLICATION_FACTOR, (short) rf);
        configs.forEach((k, v) -> topic.addElement(CreateTopicsRequest.Topics.CONFIGS)
                .set(CreateTopicsRequest.Topics.Configs.NAME, k).set(CreateTopicsRequest.Topics.Configs.VALUE, v));
        return request;
    }

    private static Struct config(Struct result, String name) {
        if (result.schema() == CreateTopicsResponse.Topics.SCHEMA) {
            return result.getStructs(CreateTopicsResponse.Topics.CONFIGS).stream()
                    .filter(c -> c.getString(CreateTopicsResponse.Topics.Configs.NAME).equals(name)).findFirst().orElseThrow();
        }
        return result.getStructs(DescribeConfigsResponse.Results.CONFIGS).stream()
                .filter(c -> c.getString(DescribeConfigsResponse.Results.Configs.NAME).equals(name)).findFirst().orElseThrow();
    }

    @Test
    void createTopicsValidateOnlyReportsTheDefaultsAndWritesNothing() throws Exception {
        Struct response = wire(ApiKey.CREATE_TOPICS, 7, call(ApiKey.CREATE_TOPICS, 7,
                createRequest("checked", -1, -1, Map.of("cleanup.policy", "compact"), true, 5_000)).get(5, TimeUnit.SECONDS));
        Struct topic = response.getStructs(CreateTopicsResponse.TOPICS).get(0);
        assertEquals(Errors.NONE.code(), topic.getShort(CreateTopicsResponse.Topics.ERROR_CODE));
        assertEquals(3, topic.getInt(CreateTopicsResponse.Topics.NUM_PARTITIONS));
        assertEquals(2, topic.getShort(CreateTopicsResponse.Topics.REPLICATION_FACTOR));
        assertEquals("compact", config(topic, "cleanup.policy").getString(CreateTopicsResponse.Topics.Configs.VALUE));
        assertEquals(1, config(topic, "cleanup.policy").getByte(CreateTopicsResponse.Topics.Configs.CONFIG_SOURCE));
        assertEquals("172800000", config(topic, "retention.ms").getString(CreateTopicsResponse.Topics.Configs.VALUE));
        assertFalse(zk.topics().topicExists("checked"));
    }

    @Test
    void createTopicsAnswersOnceTheTopicHasLeaders() throws Exception {
        CompletableFuture<Struct> pending = call(ApiKey.CREATE_TOPICS, 4, createRequest("led", 2, 1, Map.of(), false, 10_000));
        assertTrue(zk.topics().topicExists("led"));
        assertFalse(pending.isDone());
        topicsWithLeaders.add("led");
        Struct topic = wire(ApiKey.CREATE_TOPICS, 4,
                pending.get(5, TimeUnit.SECONDS)).getStructs(CreateTopicsResponse.TOPICS).get(0);
        assertEquals(Errors.NONE.code(), topic.getShort(CreateTopicsResponse.Topics.ERROR_CODE));
    }

    @Test
    void createTopicsTimesOutWhenNoLeaderAppears() throws Exception {
        Struct topic = call(ApiKey.CREATE_TOPICS, 2, createRequest("slow", 1, 1, Map.of(), false, 100))
                .get(5, TimeUnit.SECONDS).getStructs(CreateTopicsResponse.TOPICS).get(0);
        assertEquals(Errors.REQUEST_TIMED_OUT.code(), topic.getShort(CreateTopicsResponse.Topics.ERROR_CODE));
    }

    @Test
    void createTopicsReportsPerTopicErrorsWithMessages() throws Exception {
        Struct request = createRequest("bad", 1, 1, Map.of("retention.ms", "soon"), false, 1_000);
        request.addElement(CreateTopicsRequest.TOPICS).set(CreateTopicsRequest.Topics.NAME, "big")
                .set(CreateTopicsRequest.Topics.NUM_PARTITIONS, 1)
                .set(CreateTopicsRequest.Topics.REPLICATION_FACTOR, (short) 5);
        request.addElement(CreateTopicsRequest.TOPICS).set(CreateTopicsRequest.Topics.NAME, "bad name")
                .set(CreateTopicsRequest.Topics.NUM_PARTITIONS, 1)
                .set(CreateTopicsRequest.Topics.REPLICATION_FACTOR, (short) 1);
        List<Struct> topics = wire(ApiKey.CREATE_TOPICS, 5, call(ApiKey.CREATE_TOPICS, 5, request).get(5, TimeUnit.SECONDS))
                .getStructs(CreateTopicsResponse.TOPICS);
        assertEquals(Errors.INVALID_CONFIG.code(), topics.get(0).getShort(CreateTopicsResponse.Topics.ERROR_CODE));
        assertTrue(topics.get(0).getString(CreateTopicsResponse.Topics.ERROR_MESSAGE).contains("retention.ms"));
        assertEquals(-1, topics.get(0).getInt(CreateTopicsResponse.Topics.NUM_PARTITIONS));
        assertEquals(Errors.INVALID_REPLICATION_FACTOR.code(),
                topics.get(1).getShort(CreateTopicsResponse.Topics.ERROR_CODE));
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code(),
                topics.get(2).getShort(CreateTopicsResponse.Topics.ERROR_CODE));
    }

    @Test
    void describeConfigsOfATopicShowsOverridesBrokerValuesAndDefaultsWithSources() throws Exception {
        admin.createTopic(new NewTopic("described", 1, (short) 1, Map.of(), Map.of("segment.bytes", "1048576")), false);
        Struct request = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct()
                .set(DescribeConfigsRequest.INCLUDE_SYNONYMS, true);
        request.addElement(DescribeConfigsRequest.RESOURCES)
                .set(DescribeConfigsRequest.Resources.RESOURCE_TYPE, (byte) 2)
                .set(DescribeConfigsRequest.Resources.RESOURCE_NAME, "described")
                .set(DescribeConfigsRequest.Resources.CONFIGURATION_KEYS, null);
        Struct result = wire(ApiKey.DESCRIBE_CONFIGS, 4, call(ApiKey.DESCRIBE_CONFIGS, 4, request).get(5, TimeUnit.SECONDS))
                .getStructs(DescribeConfigsResponse.RESULTS).get(0);
        assertEquals(Errors.NONE.code(), result.getShort(DescribeConfigsResponse.Results.ERROR_CODE));
        Struct segment = config(result, "segment.bytes");
        assertEquals("1048576", segment.getString(DescribeConfigsResponse.Results.Configs.VALUE));
        assertEquals(1, segment.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        assertEquals(List.of("segment.bytes", "log.segment.bytes"),
                segment.getStructs(DescribeConfigsResponse.Results.Configs.SYNONYMS).stream().map(s -> s.getString(Synonyms.NAME)).toList());
        Struct retention = config(result, "retention.ms");
        assertEquals("172800000", retention.getString(DescribeConfigsResponse.Results.Configs.VALUE));
        assertEquals(4, retention.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        assertEquals(5, config(result, "cleanup.policy").getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        assertEquals(7, config(result, "cleanup.policy").getByte(DescribeConfigsResponse.Results.Configs.CONFIG_TYPE));

        Struct v0 = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct();
        v0.addElement(DescribeConfigsRequest.RESOURCES).set(DescribeConfigsRequest.Resources.RESOURCE_TYPE, (byte) 2)
                .set(DescribeConfigsRequest.Resources.RESOURCE_NAME, "described")
                .set(DescribeConfigsRequest.Resources.CONFIGURATION_KEYS, List.of("segment.bytes", "segment.ms"));
        Struct old = wire(ApiKey.DESCRIBE_CONFIGS, 0, call(ApiKey.DESCRIBE_CONFIGS, 0, v0).get(5, TimeUnit.SECONDS))
                .getStructs(DescribeConfigsResponse.RESULTS).get(0);
        assertEquals(2, old.getStructs(DescribeConfigsResponse.Results.CONFIGS).size());
        assertFalse(config(old, "segment.bytes").getBool(DescribeConfigsResponse.Results.Configs.IS_DEFAULT));
        assertTrue(config(old, "segment.ms").getBool(DescribeConfigsResponse.Results.Configs.IS_DEFAULT));
    }

    @Test
    void describeConfigsOfAnUnknownTopicAndOfTheBroker() throws Exception {
        Struct request = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct();
        request.addElement(DescribeConfigsRequest.RESOURCES)
                .set(DescribeConfigsRequest.Resources.RESOURCE_TYPE, (byte) 2)
                .set(DescribeConfigsRequest.Resources.RESOURCE_NAME, "missing")
                .set(DescribeConfigsRequest.Resources.CONFIGURATION_KEYS, null);
        request.addElement(DescribeConfigsRequest.RESOURCES)
                .set(DescribeConfigsRequest.Resources.RESOURCE_TYPE, (byte) 4)
                .set(DescribeConfigsRequest.Resources.RESOURCE_NAME, "1")
                .set(DescribeConfigsRequest.Resources.CONFIGURATION_KEYS, null);
        List<Struct> results = wire(ApiKey.DESCRIBE_CONFIGS, 2, call(ApiKey.DESCRIBE_CONFIGS, 2, request).get(5, TimeUnit.SECONDS))
                .getStructs(DescribeConfigsResponse.RESULTS);
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                results.get(0).getShort(DescribeConfigsResponse.Results.ERROR_CODE));
        Struct hours = config(results.get(1), "log.retention.hours");
        assertEquals("48", hours.getString(DescribeConfigsResponse.Results.Configs.VALUE));
        assertEquals(4, hours.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        assertTrue(hours.getBool(DescribeConfigsResponse.Results.Configs.READ_ONLY) == false);
        Struct listeners = config(results.get(1), "listeners");
        assertTrue(listeners.getBool(DescribeConfigsResponse.Results.Configs.READ_ONLY));
        assertEquals(5, listeners.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
    }

    @Test
    void deleteTopicsMarksTheTopicAndAnswersWhenItLeavesMetadata() throws Exception {
        admin.createTopic(NewTopic.of("gone", 1, 1), false);
        topicsInMetadata.add("gone");
        Struct request = ApiMessages.request(ApiKey.DELETE_TOPICS).newStruct()
                .set(DeleteTopicsRequest.TIMEOUT_MS, 10_000);
        request.addElement(DeleteTopicsRequest.TOPICS).set(DeleteTopicsRequest.Topics.NAME, "gone");
        request.addElement(DeleteTopicsRequest.TOPICS).set(DeleteTopicsRequest.Topics.NAME, "never");
        CompletableFuture<Struct> pending = call(ApiKey.DELETE_TOPICS, 6, request);
        assertEquals(List.of("gone"), zk.topics().getTopicsMarkedForDeletion());
        assertFalse(pending.isDone());
        topicsInMetadata.remove("gone");
        List<Struct> responses = wire(ApiKey.DELETE_TOPICS, 6,
                pending.get(5, TimeUnit.SECONDS)).getStructs(DeleteTopicsResponse.RESPONSES);
        assertEquals(Errors.NONE.code(), responses.get(0).getShort(DeleteTopicsResponse.Responses.ERROR_CODE));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                responses.get(1).getShort(DeleteTopicsResponse.Responses.ERROR_CODE));
    }

    @Test
    void createPartitionsRefusesADecreaseAndAddsPartitions() throws Exception {
        admin.createTopic(NewTopic.of("grow", 2, 1), false);
        Struct request = ApiMessages.request(ApiKey.CREATE_PARTITIONS).newStruct()
                .set(CreatePartitionsRequest.TIMEOUT_MS, 1_000);
        request.addElement(CreatePartitionsRequest.TOPICS).set(CreatePartitionsRequest.Topics.NAME, "grow")
                .set(CreatePartitionsRequest.Topics.COUNT, 4).set(CreatePartitionsRequest.Topics.ASSIGNMENTS, null);
        Struct shrink = ApiMessages.request(ApiKey.CREATE_PARTITIONS).newStruct()
                .set(CreatePartitionsRequest.TIMEOUT_MS, 1_000);
        shrink.addElement(CreatePartitionsRequest.TOPICS).set(CreatePartitionsRequest.Topics.NAME, "grow")
                .set(CreatePartitionsRequest.Topics.COUNT, 1).set(CreatePartitionsRequest.Topics.ASSIGNMENTS, null);
        assertEquals(Errors.NONE.code(), wire(ApiKey.CREATE_PARTITIONS, 3, call(ApiKey.CREATE_PARTITIONS, 3, request)
                .get(5, TimeUnit.SECONDS)).getStructs(CreatePartitionsResponse.RESULTS).get(0).getShort(CreatePartitionsResponse.Results.ERROR_CODE));
        assertEquals(4, zk.topics().getTopicAssignment("grow").orElseThrow().partitions().size());
        assertEquals(Errors.INVALID_PARTITIONS.code(), call(ApiKey.CREATE_PARTITIONS, 1, shrink)
                .get(5, TimeUnit.SECONDS).getStructs(CreatePartitionsResponse.RESULTS).get(0).getShort(CreatePartitionsResponse.Results.ERROR_CODE));
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletesTopicOverrides() throws Exception {
        admin.createTopic(new NewTopic("tuned", 1, (short) 1, Map.of(), Map.of("retention.ms", "1000")), false);
        Struct request = ApiMessages.request(ApiKey.INCREMENTAL_ALTER_CONFIGS).newStruct();
        Struct resource = request.addElement(IncrementalAlterConfigsRequest.RESOURCES)
                .set(IncrementalAlterConfigsRequest.Resources.RESOURCE_TYPE, (byte) 2)
                .set(IncrementalAlterConfigsRequest.Resources.RESOURCE_NAME, "tuned");
        resource.addElement(IncrementalAlterConfigsRequest.Resources.CONFIGS)
                .set(IncrementalAlterConfigsRequest.Resources.Configs.NAME, "retention.ms")
                .set(IncrementalAlterConfigsRequest.Resources.Configs.CONFIG_OPERATION, (byte) 1)
                .set(IncrementalAlterConfigsRequest.Resources.Configs.VALUE, null);
        resource.addElement(IncrementalAlterConfigsRequest.Resources.CONFIGS)
                .set(IncrementalAlterConfigsRequest.Resources.Configs.NAME, "cleanup.policy")
                .set(IncrementalAlterConfigsRequest.Resources.Configs.CONFIG_OPERATION, (byte) 2)
                .set(IncrementalAlterConfigsRequest.Resources.Configs.VALUE, "compact");
        Struct response = wire(ApiKey.INCREMENTAL_ALTER_CONFIGS, 1, call(ApiKey.INCREMENTAL_ALTER_CONFIGS, 1, request)
                .get(5, TimeUnit.SECONDS));
        assertEquals(Errors.NONE.code(),
                response.getStructs(IncrementalAlterConfigsResponse.RESPONSES).get(0).getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
        assertEquals(Map.of("cleanup.policy", "delete,compact"), admin.topicConfigOverrides("tuned"));
    }

    @Test
    void alterConfigsReplacesTheWholeOverrideSet() throws Exception {
        admin.createTopic(new NewTopic("replaced", 1, (short) 1, Map.of(), Map.of("retention.ms", "1000")), false);
        Struct request = ApiMessages.request(ApiKey.ALTER_CONFIGS).newStruct();
        Struct resource = request.addElement(AlterConfigsRequest.RESOURCES)
                .set(AlterConfigsRequest.Resources.RESOURCE_TYPE, (byte) 2)
                .set(AlterConfigsRequest.Resources.RESOURCE_NAME, "replaced");
        resource.addElement(AlterConfigsRequest.Resources.CONFIGS)
                .set(AlterConfigsRequest.Resources.Configs.NAME, "cleanup.policy")
                .set(AlterConfigsRequest.Resources.Configs.VALUE, "compact");
        Struct response = wire(ApiKey.ALTER_CONFIGS, 1,
                call(ApiKey.ALTER_CONFIGS, 1, request).get(5, TimeUnit.SECONDS));
        Struct answer = response.getStructs(AlterConfigsResponse.RESPONSES).get(0);
        assertEquals(Errors.NONE.code(), answer.getShort(AlterConfigsResponse.Responses.ERROR_CODE));
        assertEquals("replaced", answer.getString(AlterConfigsResponse.Responses.RESOURCE_NAME));
        assertEquals(Map.of("cleanup.policy", "compact"), admin.topicConfigOverrides("replaced"));
    }

    private Struct alterBroker(String name, String key, byte operation, String value) throws Exception {
        Struct request = ApiMessages.request(ApiKey.INCREMENTAL_ALTER_CONFIGS).newStruct();
        request.addElement(IncrementalAlterConfigsRequest.RESOURCES)
                .set(IncrementalAlterConfigsRequest.Resources.RESOURCE_TYPE, (byte) 4)
                .set(IncrementalAlterConfigsRequest.Resources.RESOURCE_NAME, name)
                .addElement(IncrementalAlterConfigsRequest.Resources.CONFIGS)
                .set(IncrementalAlterConfigsRequest.Resources.Configs.NAME, key)
                .set(IncrementalAlterConfigsRequest.Resources.Configs.CONFIG_OPERATION, operation)
                .set(IncrementalAlterConfigsRequest.Resources.Configs.VALUE, value);
        return wire(ApiKey.INCREMENTAL_ALTER_CONFIGS, 1, call(ApiKey.INCREMENTAL_ALTER_CONFIGS, 1, request)
                .get(5, TimeUnit.SECONDS)).getStructs(IncrementalAlterConfigsResponse.RESPONSES).get(0);
    }

    @Test
    void brokerAndClusterDefaultConfigsAreStoredInKafkasZnodesWithNotifications() throws Exception {
        assertEquals(Errors.NONE.code(), alterBroker("1", "message.max.bytes", (byte) 0, "2000")
                .getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
        assertEquals(Errors.NONE.code(), alterBroker("", "log.retention.ms", (byte) 0, "60000")
                .getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
        ConfigEntityStore store = new ConfigEntityStore(zk);
        assertEquals(Map.of("message.max.bytes", "2000"), store.get("brokers/1").orElseThrow().config());
        assertEquals(Map.of("log.retention.ms", "60000"), store.get("brokers/<default>").orElseThrow().config());
        List<String> changes = zk.curator().getChildren().forPath(zk.paths().configChanges());
        List<String> entities = new ArrayList<>();
        for (String change : changes) {
            entities.add(io.gregor.coordination.zk.ConfigChangeNotification.fromJson(change,
                    zk.curator().getData().forPath(zk.paths().configChanges() + "/" + change)).entityPath());
        }
        assertTrue(entities.containsAll(List.of("brokers/1", "brokers/<default>")), entities.toString());

        assertEquals(Errors.NONE.code(), alterBroker("1", "message.max.bytes", (byte) 1, null)
                .getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
        assertEquals(Map.of(), store.get("brokers/1").orElseThrow().config());
    }

    @Test
    void nonDynamicBrokerKeysAndBadValuesAreRefusedWithKafkasMessages() throws Exception {
        Struct listeners = alterBroker("1", "listeners", (byte) 0, "PLAINTEXT://:9999");
        assertEquals(Errors.INVALID_REQUEST.code(), listeners.getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
        assertEquals("Invalid config value for resource ConfigResource(type=BROKER, name='1'): "
                        + "Cannot update these configs dynamically: Set(listeners)",
                listeners.getString(IncrementalAlterConfigsResponse.Responses.ERROR_MESSAGE));
        Struct perBroker = alterBroker("", "advertised.listeners", (byte) 0, "PLAINTEXT://h:1");
        assertTrue(perBroker.getString(IncrementalAlterConfigsResponse.Responses.ERROR_MESSAGE)
                .endsWith("Cannot update these configs at default cluster level, broker id must be specified: "
                        + "Set(advertised.listeners)"));
        Struct bad = alterBroker("1", "message.max.bytes", (byte) 0, "lots");
        assertEquals(Errors.INVALID_REQUEST.code(), bad.getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
        assertTrue(bad.getString(IncrementalAlterConfigsResponse.Responses.ERROR_MESSAGE).contains("message.max.bytes"));
        Struct other = alterBroker("2", "message.max.bytes", (byte) 0, "2000");
        assertEquals(Errors.INVALID_REQUEST.code(), other.getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
        assertTrue(new ConfigEntityStore(zk).get("brokers/1").isEmpty());
    }

    @Test
    void describeConfigsReportsDynamicSourcesAndSynonymsInKafkasOrder() throws Exception {
        brokerConfig.update(Map.of("log.retention.ms", "60000", "message.max.bytes", "3000"),
                Map.of("message.max.bytes", "2000"));
        admin.createTopic(new NewTopic("layered", 1, (short) 1, Map.of(), Map.of()), false);
        Struct request = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct()
                .set(DescribeConfigsRequest.INCLUDE_SYNONYMS, true);
        for (var resource : List.of(Map.entry((byte) 4, "1"), Map.entry((byte) 4, ""), Map.entry((byte) 2, "layered"))) {
            request.addElement(DescribeConfigsRequest.RESOURCES)
                    .set(DescribeConfigsRequest.Resources.RESOURCE_TYPE, resource.getKey())
                    .set(DescribeConfigsRequest.Resources.RESOURCE_NAME, resource.getValue())
                    .set(DescribeConfigsRequest.Resources.CONFIGURATION_KEYS, null);
        }
        List<Struct> results = wire(ApiKey.DESCRIBE_CONFIGS, 4, call(ApiKey.DESCRIBE_CONFIGS, 4, request)
                .get(5, TimeUnit.SECONDS)).getStructs(DescribeConfigsResponse.RESULTS);
        Struct maxBytes = config(results.get(0), "message.max.bytes");
        assertEquals("2000", maxBytes.getString(DescribeConfigsResponse.Results.Configs.VALUE));
        assertEquals(2, maxBytes.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        assertEquals(List.of("2:2000", "3:3000", "5:1048588"), synonyms(maxBytes));
        Struct retention = config(results.get(0), "log.retention.ms");
        assertEquals(3, retention.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        assertEquals(List.of("3:60000", "4:48", "5:168"), synonyms(retention));

        List<Struct> defaults = results.get(1).getStructs(DescribeConfigsResponse.Results.CONFIGS);
        assertEquals(2, defaults.size());
        assertEquals(3, config(results.get(1), "log.retention.ms").getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));

        Struct topicMax = config(results.get(2), "max.message.bytes");
        assertEquals("2000", topicMax.getString(DescribeConfigsResponse.Results.Configs.VALUE));
        assertEquals(2, topicMax.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        Struct topicRetention = config(results.get(2), "retention.ms");
        assertEquals("60000", topicRetention.getString(DescribeConfigsResponse.Results.Configs.VALUE));
        assertEquals(3, topicRetention.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE));
        Struct format = config(results.get(2), "message.format.version");
        assertEquals("3.0-IV1", format.getString(DescribeConfigsResponse.Results.Configs.VALUE));
    }

    /** "source:value" of each synonym, in order. */
    private static List<String> synonyms(Struct config) {
        return config.getStructs(DescribeConfigsResponse.Results.Configs.SYNONYMS).stream()
                .map(s -> s.getByte(Synonyms.SOURCE) + ":" + s.getString(Synonyms.VALUE)).toList();
    }
}
