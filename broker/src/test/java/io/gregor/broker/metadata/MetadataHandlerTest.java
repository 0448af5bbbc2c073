package io.gregor.broker.metadata;

import static io.gregor.broker.metadata.MetadataTestData.TOPIC_ID;
import static io.gregor.broker.metadata.MetadataTestData.context;
import static io.gregor.broker.metadata.MetadataTestData.updateMetadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.Struct;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataHandlerTest {
    private final MetadataCache cache = new MetadataCache(1, "the-cluster");
    private final List<Set<String>> created = new CopyOnWriteArrayList<>();
    private boolean autoCreate = true;
    private MetadataHandler handler;

    @BeforeEach
    void setUp() {
        cache.update(updateMetadata(1, 3), (short) 8); // partition 1 led by broker 3, which is not alive
        handler = new MetadataHandler(cache, () -> autoCreate, () -> topics -> {
            created.add(topics);
            return topics.contains("refused-topic") ? Map.of("refused-topic", Errors.POLICY_VIOLATION) : Map.of();
        });
    }

    private Struct request(String... topics) {
        Struct request = ApiMessages.request(ApiKey.METADATA).newStruct();
        for (String t : topics) {
            request.addElement("Topics").set("Name", t);
        }
        return request;
    }

    private Struct handle(int version, String listener, Struct request) throws Exception {
        Struct response = handler.handle(context(ApiKey.METADATA, version, listener), request).get();
        ByteBuffer wire = MessageCodec.write(response, (short) version).toByteBuffer(); // must encode in this version
        return MessageCodec.read(wire, ApiKey.METADATA, (short) version, MessageType.RESPONSE);
    }

    @Test
    void everyVersionAnswersBrokersOfTheRequestListenerAndTopics() throws Exception {
        for (int v = 0; v <= 12; v++) {
            Struct response = handle(v, "INTERNAL", request("orders"));
            List<Struct> brokers = response.getStructs("Brokers");
            assertEquals(List.of("internal1", "internal2"), brokers.stream().map(b -> b.getString("Host")).toList(), "v" + v);
            Struct topic = response.getStructs("Topics").get(0);
            assertEquals(Errors.NONE.code(), topic.getShort("ErrorCode"));
            List<Struct> partitions = topic.getStructs("Partitions");
            assertEquals(Errors.NONE.code(), partitions.get(0).getShort("ErrorCode"));
            assertEquals(1, partitions.get(0).getInt("LeaderId"));
            assertEquals(Errors.LEADER_NOT_AVAILABLE.code(), partitions.get(1).getShort("ErrorCode"), "v" + v);
            assertEquals(-1, partitions.get(1).getInt("LeaderId"));
            if (v >= 1) {
                assertEquals(1, response.getInt("ControllerId"));
            }
            if (v >= 2) {
                assertEquals("the-cluster", response.getString("ClusterId"));
            }
            if (v >= 8) {
                assertEquals(Integer.MIN_VALUE, topic.getInt("TopicAuthorizedOperations"));
            }
            if (v >= 10) {
                assertEquals(TOPIC_ID, topic.getUuid("TopicId"));
            }
        }
    }

    @Test
    void nullTopicListMeansAllTopicsAndEmptyListNoneExceptInV0() throws Exception {
        Struct all = request();
        all.set("Topics", null);
        assertEquals(1, handle(1, "PLAINTEXT", all).getStructs("Topics").size());
        assertEquals(0, handle(1, "PLAINTEXT", request()).getStructs("Topics").size());
        assertEquals(1, handle(0, "PLAINTEXT", request()).getStructs("Topics").size());
    }

    @Test
    void unknownTopicIsAutoCreatedWhenEnabledAndAllowed() throws Exception {
        Struct response = handle(12, "PLAINTEXT", request("new-topic"));
        assertEquals(Errors.LEADER_NOT_AVAILABLE.code(), response.getStructs("Topics").get(0).getShort("ErrorCode"));
        assertEquals(List.of(Set.of("new-topic")), created);
    }

    @Test
    void anAutoCreationTheCreatorRefusesIsAnsweredWithItsError() throws Exception {
        Struct response = handle(12, "PLAINTEXT", request("new-topic", "refused-topic"));
        assertEquals(Errors.LEADER_NOT_AVAILABLE.code(), response.getStructs("Topics").get(0).getShort("ErrorCode"));
        assertEquals(Errors.POLICY_VIOLATION.code(), response.getStructs("Topics").get(1).getShort("ErrorCode"));
    }

    @Test
    void unknownTopicIsNotCreatedWhenTheRequestForbidsIt() throws Exception {
        Struct request = request("new-topic").set("AllowAutoTopicCreation", false);
        Struct response = handle(12, "PLAINTEXT", request);
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), response.getStructs("Topics").get(0).getShort("ErrorCode"));
        assertTrue(created.isEmpty());
    }

    @Test
    void unknownTopicIsNotCreatedWhenAutoCreationIsDisabled() throws Exception {
        autoCreate = false;
        Struct response = handle(9, "PLAINTEXT", request("new-topic"));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), response.getStructs("Topics").get(0).getShort("ErrorCode"));
        assertTrue(created.isEmpty());
    }

    @Test
    void invalidTopicNameIsAnsweredWithInvalidTopic() throws Exception {
        Struct response = handle(12, "PLAINTEXT", request("bad/name"));
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code(), response.getStructs("Topics").get(0).getShort("ErrorCode"));
        assertTrue(created.isEmpty());
    }

    @Test
    void topicsCanBeAskedForById() throws Exception {
        Struct request = ApiMessages.request(ApiKey.METADATA).newStruct();
        request.addElement("Topics").set("Name", null).set("TopicId", TOPIC_ID);
        request.addElement("Topics").set("Name", null).set("TopicId", new java.util.UUID(9, 9));
        List<Struct> topics = handle(12, "PLAINTEXT", request).getStructs("Topics");
        assertEquals("orders", topics.get(0).getString("Name"));
        assertEquals(Errors.UNKNOWN_TOPIC_ID.code(), topics.get(1).getShort("ErrorCode"));
        assertNull(topics.get(1).getString("Name"));
    }

    @Test
    void describeClusterListsBrokersOfTheListenerAndTheController() throws Exception {
        DescribeClusterHandler describe = new DescribeClusterHandler(cache);
        for (int v = 0; v <= 1; v++) {
            Struct response = describe.handle(context(ApiKey.DESCRIBE_CLUSTER, v, "PLAINTEXT"),
                    ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct()).get();
            assertEquals(Errors.NONE.code(), response.getShort("ErrorCode"));
            assertEquals("the-cluster", response.getString("ClusterId"));
            assertEquals(1, response.getInt("ControllerId"));
            List<Integer> ports = new ArrayList<>();
            response.getStructs("Brokers").forEach(b -> ports.add(b.getInt("Port")));
            assertEquals(List.of(9091, 9092), ports);
            MessageCodec.write(response, (short) v);
        }
        Struct controllers = ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct().set("EndpointType", (byte) 2);
        assertEquals(Errors.UNSUPPORTED_ENDPOINT_TYPE.code(), describe.handle(context(ApiKey.DESCRIBE_CLUSTER, 1, "PLAINTEXT"),
                controllers).get().getShort("ErrorCode"));
    }

    @Test
    void updateMetadataHandlerRefusesStaleControllerEpoch() throws Exception {
        UpdateMetadataHandler update = new UpdateMetadataHandler(cache);
        assertEquals(Errors.NONE.code(), update.handle(context(ApiKey.UPDATE_METADATA, 8, "PLAINTEXT"),
                updateMetadata(2, 1)).get().getShort("ErrorCode"));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), update.handle(context(ApiKey.UPDATE_METADATA, 8, "PLAINTEXT"),
                updateMetadata(1, 2)).get().getShort("ErrorCode"));
        assertEquals(1, cache.partition("orders", 1).orElseThrow().leader());
    }
}
