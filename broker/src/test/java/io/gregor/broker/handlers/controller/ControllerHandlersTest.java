package io.gregor.broker.handlers.controller;

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
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.controller.ControllerConfig;
import io.gregor.coordination.controller.ControllerElection;
import io.gregor.coordination.controller.KafkaController;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.KafkaUuid;
import io.gregor.coordination.zk.TopicPartition;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AlterPartition and ControlledShutdown through the registered handlers, requests and responses on the wire. */
class ControllerHandlersTest {

    private static final AtomicInteger CHROOTS = new AtomicInteger();
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static TestingServer server;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private GregorZkClient zk;
    private final ApiHandlerRegistry registry = new ApiHandlerRegistry();

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = GregorCluster.startLoopbackZooKeeper();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    @BeforeEach
    void setUp() {
        zk = GregorZkClient.connect(server.getConnectString() + "/ctl" + CHROOTS.incrementAndGet(), 6_000, 10_000);
        toClose.add(zk);
        zk.createPersistentPaths();
        for (int id = 1; id <= 2; id++) {
            BrokerRegistration r = new BrokerRegistration(zk, BrokerInfo.of(id,
                    List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 1, "PLAINTEXT")), null, -1, Map.of(),
                    System.currentTimeMillis()), e -> { });
            r.start();
            toClose.add(r);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private void activeController() {
        KafkaController controller = new KafkaController(zk, 1, new ControllerConfig(false, 1_000, 1_000));
        ControllerElection election = new ControllerElection(zk, 1, controller);
        toClose.add(controller);
        toClose.add(election);
        election.start();
        ControllerHandlers.register(registry, controller);
        await().atMost(Duration.ofSeconds(10)).until(controller::isActive);
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2)), Map.of()), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> zk.topics().getPartitionState(TP).isPresent());
    }

    /** Encodes {@code request} at {@code version}, decodes it as the server would, handles it, and decodes the answer. */
    private Struct call(ApiKey key, int version, Struct request) throws Exception {
        ByteBuffer wireRequest = MessageCodec.writeToBuffer(ApiMessages.request(key), request, (short) version);
        Struct decoded = MessageCodec.read(wireRequest, key, (short) version, MessageType.REQUEST);
        RequestContext context = new RequestContext(new RequestHeader(key.id, (short) version, 7, "broker-1"), key,
                "PLAINTEXT", new InetSocketAddress("127.0.0.1", 5555), "conn-1");
        Struct response = registry.handler(key).handle(context, decoded).get(10, TimeUnit.SECONDS);
        ByteBuffer wireResponse = MessageCodec.writeToBuffer(ApiMessages.response(key), response, (short) version);
        return MessageCodec.read(wireResponse, key, (short) version, MessageType.RESPONSE);
    }

    private Struct alterPartition(List<Integer> isr, int partitionEpoch) {
        KafkaUuid id = zk.topics().getTopicAssignment("t").orElseThrow().topicId();
        Struct request = ApiMessages.request(ApiKey.ALTER_PARTITION).newStruct()
                .set(AlterPartitionRequest.BROKER_ID, 1)
                .set(AlterPartitionRequest.BROKER_EPOCH, zk.getBrokerEpoch(1).orElseThrow());
        request.addElement(AlterPartitionRequest.TOPICS).set(AlterPartitionRequest.Topics.TOPIC_NAME, "t")
                .set(AlterPartitionRequest.Topics.TOPIC_ID,
                new UUID(id.mostSignificantBits(), id.leastSignificantBits()))
                .addElement(AlterPartitionRequest.Topics.PARTITIONS)
                .set(AlterPartitionRequest.Topics.Partitions.PARTITION_INDEX, 0)
                .set(AlterPartitionRequest.Topics.Partitions.LEADER_EPOCH, 0)
                .set(AlterPartitionRequest.Topics.Partitions.NEW_ISR, isr)
                .set(AlterPartitionRequest.Topics.Partitions.PARTITION_EPOCH, partitionEpoch);
        return request;
    }

    @Test
    void alterPartitionIsServedByTheActiveControllerByTopicNameAndById() throws Exception {
        activeController();

        Struct byName = call(ApiKey.ALTER_PARTITION, 0, alterPartition(List.of(1), 0));
        Struct p = byName.getStructs(AlterPartitionResponse.TOPICS).get(0).getStructs(AlterPartitionResponse.Topics.PARTITIONS).get(0);
        assertEquals("t", byName.getStructs(AlterPartitionResponse.TOPICS).get(0).getString(AlterPartitionResponse.Topics.TOPIC_NAME));
        assertEquals(Errors.NONE.code(), p.getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));
        assertEquals(List.of(1), p.getArray(AlterPartitionResponse.Topics.Partitions.ISR));
        assertEquals(1, p.getInt(AlterPartitionResponse.Topics.Partitions.PARTITION_EPOCH));

        Struct byId = call(ApiKey.ALTER_PARTITION, 2, alterPartition(List.of(1, 2), 1));
        Struct q = byId.getStructs(AlterPartitionResponse.TOPICS).get(0).getStructs(AlterPartitionResponse.Topics.PARTITIONS).get(0);
        assertEquals(Errors.NONE.code(), q.getShort(AlterPartitionResponse.Topics.Partitions.ERROR_CODE));
        assertEquals(2, q.getInt(AlterPartitionResponse.Topics.Partitions.PARTITION_EPOCH));
        assertEquals(List.of(1, 2), zk.topics().getPartitionState(TP).orElseThrow().state().isr());
    }

    @Test
    void controlledShutdownIsServedFromVersionTwoAndRefusedInVersionsWithoutABrokerEpoch() throws Exception {
        activeController();
        for (int version = 0; version <= 1; version++) {
            Struct request = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                    .set(ControlledShutdownRequest.BROKER_ID, 2);
            assertEquals(Errors.STALE_BROKER_EPOCH.code(),
                    call(ApiKey.CONTROLLED_SHUTDOWN, version, request).getShort(ControlledShutdownResponse.ERROR_CODE),
                    "v" + version);
        }
        assertEquals(List.of(1, 2), zk.topics().getPartitionState(TP).orElseThrow().state().isr(),
                "a refused request changes nothing");
        zk.announceControlledShutdown(2); // as broker 2 does first, from its session (the test's here)
        for (int version = 2; version <= 3; version++) {
            Struct request = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                    .set(ControlledShutdownRequest.BROKER_ID, 2)
                    .set(ControlledShutdownRequest.BROKER_EPOCH, zk.getBrokerEpoch(2).orElseThrow());
            Struct response = call(ApiKey.CONTROLLED_SHUTDOWN, version, request);
            assertEquals(Errors.NONE.code(), response.getShort(ControlledShutdownResponse.ERROR_CODE), "v" + version);
            assertTrue(response.getStructs(ControlledShutdownResponse.REMAINING_PARTITIONS).isEmpty());
        }
        assertEquals(List.of(1), zk.topics().getPartitionState(TP).orElseThrow().state().isr());
    }

    @Test
    void aBrokerThatIsNotTheControllerAnswersNotController() throws Exception {
        KafkaController idle = new KafkaController(zk, 2, ControllerConfig.defaults());
        toClose.add(idle);
        ControllerHandlers.register(registry, idle);
        Struct request = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                .set(ControlledShutdownRequest.BROKER_ID, 1).set(ControlledShutdownRequest.BROKER_EPOCH, 5L);
        assertEquals(Errors.NOT_CONTROLLER.code(),
                call(ApiKey.CONTROLLED_SHUTDOWN, 3, request).getShort(ControlledShutdownResponse.ERROR_CODE));
    }
}
