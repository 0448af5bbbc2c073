package io.gregor.broker.handlers.controller;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.gregor.clients.protocol.schemas.ControlRequestFields;
import io.gregor.clients.protocol.schemas.ControlledShutdownRequest;
import io.gregor.clients.protocol.schemas.ControlledShutdownResponse;
import io.gregor.coordination.controller.ControllerElection;
import io.gregor.coordination.controller.ControllerEpochFence;
import io.gregor.coordination.controller.ControllerListener;
import io.gregor.coordination.controller.ControllerRequestVerifier;
import io.gregor.coordination.controller.ControllerTracker;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate in front of recording handlers, with a real ZooKeeper: broker 1 registered and elected
 * controller. Requests go through the codec at their version, as the server decodes them.
 */
class ClusterActionGateTest {
    private static final AtomicInteger CHROOTS = new AtomicInteger();
    private static TestingServer server;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<ApiKey> reached = new ArrayList<>();
    private final ApiHandlerRegistry registry = new ApiHandlerRegistry();
    private GregorZkClient zk;
    private BrokerRegistration registration;
    private ControllerElection election;

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
        zk = GregorZkClient.connect(server.getConnectString() + "/gate" + CHROOTS.incrementAndGet(), 6_000, 10_000);
        toClose.add(zk);
        zk.createPersistentPaths();
        registration = new BrokerRegistration(zk, BrokerInfo.of(1,
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 1, "PLAINTEXT")), null, -1, Map.of(),
                System.currentTimeMillis()), e -> { });
        registration.start();
        toClose.add(registration);
        election = new ControllerElection(zk, 1, new ControllerListener() {
            @Override
            public void onControllerElected(ControllerEpoch epoch, ControllerEpochFence fence) {
            }

            @Override
            public void onControllerResigned() {
            }
        });
        toClose.add(election);
        election.start();
        await().atMost(Duration.ofSeconds(10)).until(election::isActive);
        ControllerTracker tracker = new ControllerTracker(zk);
        toClose.add(tracker);
        tracker.start();
        for (ApiKey key : List.of(ApiKey.LEADER_AND_ISR, ApiKey.UPDATE_METADATA, ApiKey.STOP_REPLICA,
                ApiKey.ALTER_PARTITION, ApiKey.CONTROLLED_SHUTDOWN)) {
            registry.register(key, (context, request) -> {
                reached.add(key);
                Struct response = ApiMessages.response(key).newStruct();
                if (key == ApiKey.CONTROLLED_SHUTDOWN) {
                    response.set(ControlledShutdownResponse.ERROR_CODE, Errors.STALE_BROKER_EPOCH.code());
                }
                return CompletableFuture.completedFuture(response);
            });
        }
        new ClusterActionGate(new ControllerRequestVerifier(zk, 1, tracker, registration::brokerEpoch)).install(registry);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private int epoch() {
        return election.currentEpoch().orElseThrow().epoch();
    }

    private Struct call(ApiKey key, int version, Struct request) throws Exception {
        ByteBuffer wireRequest = MessageCodec.writeToBuffer(ApiMessages.request(key), request, (short) version);
        Struct decoded = MessageCodec.read(wireRequest, key, (short) version, MessageType.REQUEST);
        RequestContext context = new RequestContext(new RequestHeader(key.id, (short) version, 7, "forger"), key,
                "PLAINTEXT", new InetSocketAddress("127.0.0.1", 5555), "conn-7");
        return registry.handler(key).handle(context, decoded).get(10, TimeUnit.SECONDS);
    }

    private static Struct fromController(ApiKey key, int controllerId, int controllerEpoch, long brokerEpoch) {
        ControlRequestFields fields = ControlRequestFields.of(key);
        return ApiMessages.request(key).newStruct().set(fields.controllerId(), controllerId)
                .set(fields.controllerEpoch(), controllerEpoch).set(fields.brokerEpoch(), brokerEpoch);
    }

    private short errorOf(Struct response) {
        return response.getShort(ApiMessages.specOf(response.schema()).errorCodeField());
    }

    @Test
    void requestsOfTheControllerZooKeeperHoldsReachTheirHandlersAtEveryVersionWithABrokerEpoch() throws Exception {
        long brokerEpoch = registration.brokerEpoch();
        assertEquals(0, errorOf(call(ApiKey.LEADER_AND_ISR, 6, fromController(ApiKey.LEADER_AND_ISR, 1, epoch(), brokerEpoch))));
        assertEquals(0, errorOf(call(ApiKey.UPDATE_METADATA, 7, fromController(ApiKey.UPDATE_METADATA, 1, epoch(), brokerEpoch))));
        assertEquals(0, errorOf(call(ApiKey.STOP_REPLICA, 3, fromController(ApiKey.STOP_REPLICA, 1, epoch(), brokerEpoch))));
        assertEquals(List.of(ApiKey.LEADER_AND_ISR, ApiKey.UPDATE_METADATA, ApiKey.STOP_REPLICA), reached);
    }

    @Test
    void versionsWithoutABrokerEpochAreRefusedBeforeTheirHandlers() throws Exception {
        for (int version = 0; version <= 1; version++) {
            assertEquals(Errors.STALE_BROKER_EPOCH.code(), errorOf(call(ApiKey.LEADER_AND_ISR, version,
                    fromController(ApiKey.LEADER_AND_ISR, 1, epoch(), registration.brokerEpoch()))), "LeaderAndIsr v" + version);
        }
        for (int version = 0; version <= 4; version++) {
            assertEquals(Errors.STALE_BROKER_EPOCH.code(), errorOf(call(ApiKey.UPDATE_METADATA, version,
                    fromController(ApiKey.UPDATE_METADATA, 1, epoch(), registration.brokerEpoch()))), "UpdateMetadata v" + version);
        }
        assertEquals(Errors.STALE_BROKER_EPOCH.code(), errorOf(call(ApiKey.STOP_REPLICA, 0,
                fromController(ApiKey.STOP_REPLICA, 1, epoch(), registration.brokerEpoch()))), "StopReplica v0");
        assertTrue(reached.isEmpty(), "no handler ran: " + reached);
    }

    @Test
    void forgedControllerRequestsGetKafkasErrorCodesAndNeverReachTheirHandlers() throws Exception {
        long brokerEpoch = registration.brokerEpoch();
        assertEquals(Errors.STALE_BROKER_EPOCH.code(), errorOf(call(ApiKey.STOP_REPLICA, 3,
                fromController(ApiKey.STOP_REPLICA, 1, 1000, -1))));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), errorOf(call(ApiKey.STOP_REPLICA, 3,
                fromController(ApiKey.STOP_REPLICA, 1, 1000, brokerEpoch))));
        assertEquals(Errors.STALE_CONTROLLER_EPOCH.code(), errorOf(call(ApiKey.LEADER_AND_ISR, 6,
                fromController(ApiKey.LEADER_AND_ISR, 2, epoch(), brokerEpoch))));
        assertEquals(Errors.STALE_BROKER_EPOCH.code(), errorOf(call(ApiKey.UPDATE_METADATA, 7,
                fromController(ApiKey.UPDATE_METADATA, 1, epoch(), brokerEpoch + 1))));
        assertTrue(reached.isEmpty(), "no handler ran: " + reached);
    }

    @Test
    void brokerToControllerRequestsPassToTheControllerWhichJudgesTheirBrokerEpoch() throws Exception {
        Struct request = ApiMessages.request(ApiKey.CONTROLLED_SHUTDOWN).newStruct()
                .set(ControlledShutdownRequest.BROKER_ID, 1).set(ControlledShutdownRequest.BROKER_EPOCH, -1L);
        assertEquals(Errors.STALE_BROKER_EPOCH.code(), errorOf(call(ApiKey.CONTROLLED_SHUTDOWN, 3, request)));
        assertEquals(List.of(ApiKey.CONTROLLED_SHUTDOWN), reached, "the gate passes it on and only logs the refusal");
    }
}
