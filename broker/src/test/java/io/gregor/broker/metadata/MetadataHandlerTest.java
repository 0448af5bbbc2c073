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
import io.gregor.clients.protocol.schemas.DescribeClusterRequest;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics.Partitions;
import io.gregor.clients.protocol.schemas.UpdateMetadataResponse;
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
            request.addElement(MetadataRequest.TOPICS).set(MetadataRequest.Topics.NAME, t);
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
            List<Struct> brokers = response.getStructs(MetadataResponse.BROKERS);
            assertEquals(List.of("internal1", "internal2"),
                    brokers.stream().map(b -> b.getString(MetadataResponse.Brokers.HOST)).toList(), "v" + v);
            Struct topic = response.getStructs(MetadataResponse.TOPICS).get(0);
            assertEquals(Errors.NONE.code(), topic.getShort(MetadataResponse.Topics.ERROR_CODE));
            List<Struct> partitions = topic.getStructs(MetadataResponse.Topics.PARTITIONS);
            assertEquals(Errors.NONE.code(), partitions.get(0).getShort(Partitions.ERROR_CODE));
            assertEquals(1, partitions.get(0).getInt(Partitions.LEADER_ID));
            assertEquals(Errors.LEADER_NOT_AVAILABLE.code(), partitions.get(1).getShort(Partitions.ERROR_CODE),
                    "v" + v);
            assertEquals(-1, partitions.get(1).getInt(Partitions.LEADER_ID));
            if (v >= 1) {
                assertEquals(1, response.getInt(MetadataResponse.CONTROLLER_ID));
            }
            if (v >= 2) {
                assertEquals("the-cluster", response.getString(MetadataResponse.CLUSTER_ID));
            }
            if (v >= 8) {
                assertEquals(Integer.MIN_VALUE, topic.getInt(MetadataResponse.Topics.TOPIC_AUTHORIZED_OPERATIONS));
            }
            if (v >= 10) {
                assertEquals(TOPIC_ID, topic.getUuid(MetadataResponse.Topics.TOPIC_ID));
            }
        }
    }

    @Test
    void nullTopicListMeansAllTopicsAndEmptyListNoneExceptInV0() throws Exception {
        Struct all = request();
        all.set(MetadataRequest.TOPICS, null);
        assertEquals(1, handle(1, "PLAINTEXT", all).getStructs(MetadataResponse.TOPICS).size());
        assertEquals(0, handle(1, "PLAINTEXT", request()).getStructs(MetadataResponse.TOPICS).size());
        assertEquals(1, handle(0, "PLAINTEXT", request()).getStructs(MetadataResponse.TOPICS).size());
    }

    @Test
    void unknownTopicIsAutoCreatedWhenEnabledAndAllowed() throws Exception {
        Struct response = handle(12, "PLAINTEXT", request("new-topic"));
        assertEquals(Errors.LEADER_NOT_AVAILABLE.code(),
                response.getStructs(MetadataResponse.TOPICS).get(0).getShort(MetadataResponse.Topics.ERROR_CODE));
        assertEquals(List.of(Set.of("new-topic")), created);
    }

    @Test
    void anAutoCreationTheCreatorRefusesIsAnsweredWithItsError() throws Exception {
        Struct response = handle(12, "PLAINTEXT", request("new-topic", "refused-topic"));
        assertEquals(Errors.LEADER_NOT_AVAILABLE.code(),
                response.getStructs(MetadataResponse.TOPICS).get(0).getShort(MetadataResponse.Topics.ERROR_CODE));
        assertEquals(Errors.POLICY_VIOLATION.code(),
                response.getStructs(MetadataResponse.TOPICS).get(1).getShort(MetadataResponse.Topics.ERROR_CODE));
    }

    @Test
    void unknownTopicIsNotCreatedWhenTheRequestForbidsIt() throws Exception {
        Struct request = request("new-topic").set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, false);
        Struct response = handle(12, "PLAINTEXT", request);
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                response.getStructs(MetadataResponse.TOPICS).get(0).getShort(MetadataResponse.Topics.ERROR_CODE));
        assertTrue(created.isEmpty());
    }

    @Test
    void unknownTopicIsNotCreatedWhenAutoCreationIsDisabled() throws Exception {
        autoCreate = false;
        Struct response = handle(9, "PLAINTEXT", request("new-topic"));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                response.getStructs(MetadataResponse.TOPICS).get(0).getShort(MetadataResponse.Topics.ERROR_CODE));
        assertTrue(created.isEmpty());
    }

    @Test
    void invalidTopicNameIsAnsweredWithInvalidTopic() throws Exception {
        Struct response = handle(12, "PLAINTEXT", request("bad/name"));
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION.code(),
                response.getStructs(MetadataResponse.TOPICS).get(0).getShort(MetadataResponse.Topics.ERROR_CODE));
        assertTrue(created.isEmpty());
    }

    @Test
    void topicsCanBeAskedForById() throws Exception {
        Struct request = ApiMessages.request(ApiKey.METADATA).newStruct();
        request.addElement(MetadataRequest.TOPICS).set(MetadataRequest.Topics.NAME, null)
                .set(MetadataRequest.Topics.TOPIC_ID, TOPIC_ID);
        request.addElement(MetadataRequest.TOPICS).set(MetadataRequest.Topics.NAME, null)
                .set(MetadataRequest.Topics.TOPIC_ID, new java.util.UUID(9, 9));
        List<Struct> topics = handle(12, "PLAINTEXT", request).getStructs(MetadataResponse.TOPICS);
        assertEquals("orders", topics.get(0).getString(MetadataResponse.Topics.NAME));
        assertEquals(Errors.UNKNOWN_TOPIC_ID.code(), topics.get(1).getShort(MetadataResponse.Topics.ERROR_CODE));
        assertNull(topics.get(1).getString(MetadataResponse.Topics.NAME));
    }

    @Test
    void describeClusterListsBrokersOfTheListenerAndTheController() throws Exception {
        DescribeClusterHandler describe = new DescribeClusterHandler(cache);
        for (int v = 0; v <= 1; v++) {
            Struct response = describe.handle(context(ApiKey.DESCRIBE_CLUSTER, v, "PLAINTEXT"),
                    ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct()).get();
            assertEquals(Errors.NONE.code(), response.getShort(DescribeClusterResponse.ERROR_CODE));
            assertEquals("the-cluster", response.getString(DescribeClusterResponse.CLUSTER_ID));
            assertEquals(1, response.getInt(DescribeClusterResponse.CONTROLLER_ID));
            List<Integer> ports = new ArrayList<>();
            response.getStructs(DescribeClusterResponse.BROKERS).forEach(b -> ports.add(b.getInt(DescribeClusterResponse.Brokers.PORT)));
            assertEquals(List.of(9091, 9092), ports);
            MessageCodec.write(response, (short) v);
        }
        Struct controllers = ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct()
                .set(DescribeClusterRequest.ENDPOINT_TYPE, (byte) 2);
        assertEquals(Errors.UNSUPPORTED_ENDPOINT_TYPE.code(), describe.handle(context(ApiKey.DESCRIBE_CLUSTER, 1, "PLAINTEXT"),
                controllers).get().getShort(DescribeClusterResponse.ERROR_CODE));
    }

    @Test
    void updateMetadataHandlerRefusesStaleControllerEpoch() throws Exception {
        UpdateMetadataHandler update = new UpdateMetadataHandler(cache);
        assertEquals(Errors.NONE.code(), update.handle(context(ApiKey.UPDATE_METADATA, 8, "PLAINTEXT"),
                updateMetadata(2, 1)).get().getShort(UpdateMetadataResponse.ERROR_CODE));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), update.handle(context(ApiKey.UPDATE_METADATA, 8, "PLAINTEXT"),
                updateMetadata(1, 2)).get().getShort(UpdateMetadataResponse.ERROR_CODE));
        assertEquals(1, cache.partition("orders", 1).orElseThrow().leader());
    }

    @Test
    void withoutAnAuthorizerEveryTopicAndClusterOperationIsReportedWhenAskedAndNoneOtherwise() throws Exception {
        Struct asked = request("orders").set(MetadataRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, true)
                .set(MetadataRequest.INCLUDE_TOPIC_AUTHORIZED_OPERATIONS, true);
        Struct v10 = handle(10, "PLAINTEXT", asked);
        int topicOps = v10.getStructs(MetadataResponse.TOPICS).get(0).getInt(MetadataResponse.Topics.TOPIC_AUTHORIZED_OPERATIONS);
        assertEquals(0b1101_1111_1000, topicOps, "read, write, create, delete, alter, describe, describe/alter configs");
        assertEquals(8, Integer.bitCount(topicOps));
        int clusterOps = v10.getInt(MetadataResponse.CLUSTER_AUTHORIZED_OPERATIONS);
        assertEquals(0b1_1111_1010_0000, clusterOps,
                "create, alter, describe, cluster action, describe/alter configs, idempotent write");
        assertEquals(7, Integer.bitCount(clusterOps));

        Struct notAsked = handle(10, "PLAINTEXT", request("orders"));
        assertEquals(Integer.MIN_VALUE, notAsked.getStructs(MetadataResponse.TOPICS).get(0)
                .getInt(MetadataResponse.Topics.TOPIC_AUTHORIZED_OPERATIONS));
        assertEquals(Integer.MIN_VALUE, notAsked.getInt(MetadataResponse.CLUSTER_AUTHORIZED_OPERATIONS));

        Struct describe = ApiMessages.request(ApiKey.DESCRIBE_CLUSTER).newStruct()
                .set(DescribeClusterRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS, true);
        Struct cluster = new DescribeClusterHandler(cache).handle(context(ApiKey.DESCRIBE_CLUSTER, 0, "PLAINTEXT"),
                describe).get();
        assertEquals(clusterOps, cluster.getInt(DescribeClusterResponse.CLUSTER_AUTHORIZED_OPERATIONS));
    }
}
