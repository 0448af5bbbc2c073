package io.gregor.coordination.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every znode codec reads JSON exactly as Kafka writes it and writes it back with the same keys and values. */
class ZnodeJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@code kafkaJson}, re-encodes it, and checks the result is the same JSON document. */
    private static <T> T assertRoundTrip(String kafkaJson, Function<byte[], T> parse, Function<T, byte[]> encode) throws Exception {
        T parsed = parse.apply(utf8(kafkaJson));
        byte[] encoded = encode.apply(parsed);
        JsonNode expected = MAPPER.readTree(kafkaJson);
        JsonNode actual = MAPPER.readTree(encoded);
        assertEquals(expected, actual, "re-encoded JSON differs from Kafka's: " + new String(encoded, StandardCharsets.UTF_8));
        assertEquals(parsed, parse.apply(encoded), "parse(encode(x)) != x");
        return parsed;
    }

    @Test
    void clusterIdKeepsItsStringVersion() throws Exception {
        String json = "{\"version\":\"1\",\"id\":\"7bTPOSExRGOWVbA8QSGvaw\"}";
        ClusterIdZNode parsed = assertRoundTrip(json, d -> ClusterIdZNode.fromJson("/cluster/id", d), ClusterIdZNode::toJson);
        assertEquals("7bTPOSExRGOWVbA8QSGvaw", parsed.id());
        assertTrue(MAPPER.readTree(parsed.toJson()).get("version").isTextual());
    }

    @Test
    void brokerRegistrationV5RoundTripsWithEndpointsAndFeatures() throws Exception {
        String json = "{\"version\":5,\"host\":\"h\",\"port\":9092,\"endpoints\":[\"PLAINTEXT://h:9092\",\"SSL://h:9093\"],"
                + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\",\"SSL\":\"SSL\"},\"jmx_port\":-1,"
                + "\"timestamp\":\"1700000000123\",\"rack\":\"r1\",\"features\":{\"metadata.version\":{\"min_version\":1,\"max_version\":21}}}";
        BrokerInfo broker = assertRoundTrip(json, d -> BrokerInfo.fromJson("/brokers/ids/3", 3, d), BrokerInfo::toJson);
        assertEquals(3, broker.brokerId());
        assertEquals(List.of(new EndPoint("PLAINTEXT", "h", 9092, "PLAINTEXT"), new EndPoint("SSL", "h", 9093, "SSL")),
                broker.endpoints());
        assertEquals(1700000000123L, broker.timestamp());
        assertEquals("r1", broker.rack());
        assertEquals(Map.of("min_version", 1, "max_version", 21), broker.features().get("metadata.version"));
    }

    @Test
    void brokerRegistrationWithCustomListenerNamesAndNoRack() throws Exception {
        String json = "{\"version\":5,\"host\":null,\"port\":-1,\"endpoints\":[\"CLIENT://b1:9092\",\"REPLICATION://b1:9093\"],"
                + "\"listener_security_protocol_map\":{\"CLIENT\":\"SASL_SSL\",\"REPLICATION\":\"PLAINTEXT\"},\"jmx_port\":9999,"
                + "\"timestamp\":\"5\",\"features\":{}}";
        BrokerInfo broker = assertRoundTrip(json, d -> BrokerInfo.fromJson("/brokers/ids/1", 1, d), BrokerInfo::toJson);
        assertNull(broker.rack());
        assertEquals("SASL_SSL", broker.endpoints().get(0).securityProtocol());
    }

    @Test
    void newBrokerRegistrationTakesHostAndPortFromTheFirstPlaintextEndpoint() throws Exception {
        BrokerInfo info = BrokerInfo.of(2, List.of(new EndPoint("SSL", "a", 9093, "SSL"),
                new EndPoint("INTERNAL", "b", 9094, "PLAINTEXT")), null, -1, Map.of(), 42);
        JsonNode json = MAPPER.readTree(info.toJson());
        assertEquals(5, json.get("version").intValue());
        assertEquals("b", json.get("host").textValue());
        assertEquals(9094, json.get("port").intValue());
        assertEquals("42", json.get("timestamp").textValue());
        assertEquals("PLAINTEXT", json.get("listener_security_protocol_map").get("INTERNAL").textValue());
        assertTrue(json.get("features").isObject());
    }

    @Test
    void topicAssignmentRoundTripsWithTopicIdAndReassignment() throws Exception {
        String json = "{\"version\":3,\"topic_id\":\"wBvCtK3mRTqgT7nUlmoxFQ\",\"partitions\":{\"0\":[1,2,3],\"1\":[2,3,1]},"
                + "\"adding_replicas\":{\"1\":[4]},\"removing_replicas\":{\"1\":[1]}}";
        TopicAssignment topic = assertRoundTrip(json, d -> TopicAssignment.fromJson("/brokers/topics/t", "t", d), TopicAssignment::toJson);
        assertEquals(KafkaUuid.fromString("wBvCtK3mRTqgT7nUlmoxFQ"), topic.topicId());
        assertEquals(List.of(2, 3, 1), topic.partitions().get(1).replicas());
        assertEquals(List.of(4), topic.partitions().get(1).addingReplicas());
        assertEquals(List.of(1), topic.partitions().get(1).removingReplicas());
    }

    @Test
    void olderTopicAssignmentWithoutIdIsReadAndKeepsItsVersion() throws Exception {
        String json = "{\"version\":2,\"partitions\":{\"0\":[1,2,3],\"1\":[2,3,1]},\"adding_replicas\":{},\"removing_replicas\":{}}";
        TopicAssignment topic = assertRoundTrip(json, d -> TopicAssignment.fromJson("/brokers/topics/t", "t", d), TopicAssignment::toJson);
        assertNull(topic.topicId());
        assertEquals(Map.of(0, List.of(1, 2, 3), 1, List.of(2, 3, 1)), topic.replicasByPartition());
    }

    @Test
    void partitionStateRoundTripsAndWritesRecoveryStateOnlyWhenRecovering() throws Exception {
        String json = "{\"version\":1,\"leader\":1,\"leader_epoch\":4,\"isr\":[1,2,3],\"controller_epoch\":7}";
        PartitionState state = assertRoundTrip(json, d -> PartitionState.fromJson("/s", d), PartitionState::toJson);
        assertEquals(new PartitionState(1, 4, List.of(1, 2, 3), 7), state);
        String recovering = "{\"version\":1,\"leader\":-1,\"leader_epoch\":5,\"isr\":[],\"controller_epoch\":8,\"leader_recovery_state\":1}";
        PartitionState noLeader = assertRoundTrip(recovering, d -> PartitionState.fromJson("/s", d), PartitionState::toJson);
        assertEquals(PartitionState.NO_LEADER, noLeader.leader());
        assertEquals(1, noLeader.leaderRecoveryState());
    }

    @Test
    void controllerRegistrationRoundTrips() throws Exception {
        String json = "{\"version\":1,\"brokerid\":1,\"timestamp\":\"1700000000000\"}";
        ControllerRegistration controller = assertRoundTrip(json, d -> ControllerRegistration.fromJson("/controller", d),
                ControllerRegistration::toJson);
        assertEquals(1, controller.brokerId());
    }

    @Test
    void controllerEpochIsPlainText() {
        assertEquals("7", new String(ControllerEpochZNode.encode(7), StandardCharsets.UTF_8));
        assertEquals(7, ControllerEpochZNode.decode("/controller_epoch", utf8("7")));
        ZnodeParseException bad = assertThrows(ZnodeParseException.class,
                () -> ControllerEpochZNode.decode("/controller_epoch", utf8("{\"epoch\":7}")));
        assertTrue(bad.getMessage().contains("/controller_epoch"), bad.getMessage());
    }

    @Test
    void entityConfigRoundTripsStringValues() throws Exception {
        String json = "{\"version\":1,\"config\":{\"retention.ms\":\"86400000\",\"cleanup.policy\":\"compact\"}}";
        EntityConfig config = assertRoundTrip(json, d -> EntityConfig.fromJson("/config/topics/t", d), EntityConfig::toJson);
        assertEquals("86400000", config.config().get("retention.ms"));
        assertThrows(ZnodeParseException.class, () -> EntityConfig.fromJson("/config/topics/t",
                utf8("{\"version\":1,\"config\":{\"retention.ms\":86400000}}")));
    }

    @Test
    void configChangeNotificationRoundTrips() throws Exception {
        String json = "{\"version\":2,\"entity_path\":\"topics/orders\"}";
        ConfigChangeNotification change = assertRoundTrip(json,
                d -> ConfigChangeNotification.fromJson("/config/changes/config_change_0000000001", d), ConfigChangeNotification::toJson);
        assertEquals(ConfigChangeNotification.forTopic("orders"), change);
    }

    @Test
    void producerIdBlockMatchesKafkasProducerIdBlockZNode() throws Exception {
        String json = "{\"version\":1,\"broker\":1,\"block_start\":\"0\",\"block_end\":\"999\"}";
        ProducerIdBlock block = assertRoundTrip(json, d -> ProducerIdBlock.fromJson("/latest_producer_id_block", d), ProducerIdBlock::toJson);
        assertEquals(new ProducerIdBlock(1, 0, 999), block);
        assertEquals(new ProducerIdBlock(2, 1000, 1999), block.next(2));
        assertEquals(1000, block.size());
    }

    @Test
    void kafkaUuidUsesUrlSafeBase64WithoutPadding() {
        assertEquals("AAAAAAAAAAAAAAAAAAAAAA", KafkaUuid.ZERO.toString());
        assertEquals("AAAAAAAAAAAAAAAAAAAAAQ", new KafkaUuid(0L, 1L).toString());
        KafkaUuid allOnes = new KafkaUuid(-1L, -1L);
        assertEquals("_____________________w", allOnes.toString());
        assertEquals(allOnes, KafkaUuid.fromString(allOnes.toString()));
        for (int i = 0; i < 200; i++) {
            String random = KafkaUuid.random().toString();
            assertEquals(22, random.length());
            assertTrue(!random.startsWith("-"), random);
        }
        assertThrows(IllegalArgumentException.class, () -> KafkaUuid.fromString("not-a-uuid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "not json", "[1,2]", "{\"version\":1,\"leader\":1}",
            "{\"version\":1,\"leader\":\"1\",\"leader_epoch\":4,\"isr\":[1],\"controller_epoch\":7}",
            "{\"version\":1,\"leader\":1,\"leader_epoch\":4,\"isr\":[\"x\"],\"controller_epoch\":7}",
            "{\"version\":9,\"leader\":1,\"leader_epoch\":4,\"isr\":[1],\"controller_epoch\":7}",
            "{\"version\":1,\"leader\":1,\"leader_epoch\":4,\"isr\":[1],\"controller_epoch\":7} trailing"})
    void malformedPartitionStateIsRejectedNamingThePath(String data) {
        String path = "/brokers/topics/t/partitions/0/state";
        ZnodeParseException e = assertThrows(ZnodeParseException.class, () -> PartitionState.fromJson(path, utf8(data)));
        assertEquals(path, e.path());
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void malformedZnodesOfEveryKindAreRejectedNamingThePath() {
        assertThrows(ZnodeParseException.class, () -> ClusterIdZNode.fromJson("/cluster/id", utf8("{\"version\":\"1\"}")));
        assertThrows(ZnodeParseException.class, () -> BrokerInfo.fromJson("/brokers/ids/1", 1,
                utf8("{\"version\":5,\"endpoints\":[\"nonsense\"],\"jmx_port\":-1,\"timestamp\":\"1\"}")));
        assertThrows(ZnodeParseException.class, () -> BrokerInfo.fromJson("/brokers/ids/1", 1,
                utf8("{\"version\":5,\"endpoints\":[],\"jmx_port\":-1,\"timestamp\":\"yesterday\"}")));
        assertThrows(ZnodeParseException.class, () -> TopicAssignment.fromJson("/brokers/topics/t", "t",
                utf8("{\"version\":3,\"partitions\":{\"zero\":[1]}}")));
        assertThrows(ZnodeParseException.class, () -> TopicAssignment.fromJson("/brokers/topics/t", "t",
                utf8("{\"version\":3,\"topic_id\":\"short\",\"partitions\":{}}")));
        assertThrows(ZnodeParseException.class, () -> ControllerRegistration.fromJson("/controller", utf8("{\"version\":1}")));
        assertThrows(ZnodeParseException.class, () -> ConfigChangeNotification.fromJson("/config/changes/x",
                utf8("{\"version\":2,\"entity_path\":\"/abs\"}")));
        ZnodeParseException e = assertThrows(ZnodeParseException.class, () -> ProducerIdBlock.fromJson("/latest_producer_id_block",
                utf8("{\"version\":1,\"broker\":1,\"block_start\":\"1000\",\"block_end\":\"999\"}")));
        assertTrue(e.getMessage().contains("/latest_producer_id_block") && e.getMessage().contains("block_start"), e.getMessage());
    }
}
