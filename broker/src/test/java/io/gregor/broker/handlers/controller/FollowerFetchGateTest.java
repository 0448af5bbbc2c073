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
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ReplicaState;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.coordination.registry.BrokerRegistration;
import io.gregor.coordination.registry.LiveBrokerEpochs;
import io.gregor.coordination.registry.ReplicaEpochVerifier;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
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
 * The gate in front of a recording Fetch handler, with a real ZooKeeper where broker 2 is
 * registered. Requests go through the codec at their version, as the server decodes them.
 */
class FollowerFetchGateTest {
    private static final AtomicInteger CHROOTS = new AtomicInteger();
    private static final int FOLLOWER = 2;
    private static TestingServer server;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Struct> reached = new ArrayList<>();
    private final ApiHandlerRegistry registry = new ApiHandlerRegistry();
    private long followerEpoch;

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
        GregorZkClient zk = GregorZkClient.connect(server.getConnectString() + "/follower-gate" + CHROOTS.incrementAndGet(),
                6_000, 10_000);
        toClose.add(zk);
        zk.createPersistentPaths();
        BrokerRegistration registration = new BrokerRegistration(zk, BrokerInfo.of(FOLLOWER,
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 1, "PLAINTEXT")), null, -1, Map.of(),
                System.currentTimeMillis()), e -> { });
        registration.start();
        toClose.add(registration);
        followerEpoch = registration.brokerEpoch();
        LiveBrokerEpochs epochs = new LiveBrokerEpochs(zk);
        toClose.add(epochs);
        epochs.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> epochs.epoch(FOLLOWER).equals(OptionalLong.of(followerEpoch)));
        registry.register(ApiKey.FETCH, (context, request) -> {
            reached.add(request);
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.FETCH).newStruct());
        });
        new FollowerFetchGate(new ReplicaEpochVerifier(epochs)).install(registry);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private Struct call(int version, Struct request) throws Exception {
        ByteBuffer wireRequest = MessageCodec.writeToBuffer(ApiMessages.request(ApiKey.FETCH), request, (short) version);
        Struct decoded = MessageCodec.read(wireRequest, ApiKey.FETCH, (short) version, MessageType.REQUEST);
        RequestContext context = new RequestContext(new RequestHeader(ApiKey.FETCH.id, (short) version, 7, "forger"),
                ApiKey.FETCH, "PLAINTEXT", new InetSocketAddress("127.0.0.1", 5555), "conn-7");
        return registry.handler(ApiKey.FETCH).handle(context, decoded).get(10, TimeUnit.SECONDS);
    }

    /** A Fetch of partitions 0 and 1 of one topic (by name before v13, by id from v13). */
    private static Struct fetch(int version, UUID topicId) {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct().set(FetchRequest.MAX_WAIT_MS, 0)
                .set(FetchRequest.MIN_BYTES, 1)
                .set(FetchRequest.ISOLATION_LEVEL, (byte) 0).set(FetchRequest.SESSION_ID, 0)
                .set(FetchRequest.SESSION_EPOCH, -1);
        Struct topic = request.addElement(FetchRequest.TOPICS);
        if (version >= 13) {
            topic.set(Topics.TOPIC_ID, topicId);
        } else {
            topic.set(Topics.TOPIC, "t");
        }
        for (int p = 0; p < 2; p++) {
            topic.addElement(Topics.PARTITIONS).set(FetchRequest.Topics.Partitions.PARTITION, p)
                    .set(FetchRequest.Topics.Partitions.CURRENT_LEADER_EPOCH, 3)
                    .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, 10L)
                    .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        }
        return request;
    }

    private static Struct asFollower(Struct fetch, int replicaId, long replicaEpoch) {
        fetch.getStruct(FetchRequest.REPLICA_STATE).set(ReplicaState.REPLICA_ID, replicaId)
                .set(ReplicaState.REPLICA_EPOCH, replicaEpoch);
        return fetch;
    }

    /** Asserts that every partition of {@code response} has {@code expected}, no records, and echoes the request's topic. */
    private static void assertRefused(Errors expected, Struct response, int version, UUID topicId) {
        assertEquals(0, response.getShort(FetchResponse.ERROR_CODE), "partition-level refusals: " + response);
        Struct topic = response.getStructs(FetchResponse.RESPONSES).get(0);
        if (version >= 13) {
            assertEquals(topicId, topic.getUuid(Responses.TOPIC_ID));
        } else {
            assertEquals("t", topic.getString(Responses.TOPIC));
        }
        assertEquals(2, topic.getStructs(Responses.PARTITIONS).size());
        for (Struct p : topic.getStructs(Responses.PARTITIONS)) {
            assertEquals(expected, Errors.forCode(p.getShort(FetchResponse.Responses.Partitions.ERROR_CODE)),
                    "partition " + p.getInt(FetchResponse.Responses.Partitions.PARTITION_INDEX));
            assertEquals(0, p.getRecords(FetchResponse.Responses.Partitions.RECORDS).sizeInBytes());
        }
    }

    @Test
    void consumerFetchesPassUntouchedAtEveryVersion() throws Exception {
        UUID id = UUID.randomUUID();
        call(12, fetch(12, id).set(FetchRequest.REPLICA_ID, -1));
        call(15, fetch(15, id));
        call(17, asFollower(fetch(17, id), -1, -1L));
        call(12, fetch(12, id).set(FetchRequest.REPLICA_ID, -2)); // a debugging client reads as a consumer
        assertEquals(4, reached.size());
    }

    @Test
    void theLiveBrokerEpochOfTheFollowerReachesTheHandler() throws Exception {
        UUID id = UUID.randomUUID();
        call(15, asFollower(fetch(15, id), FOLLOWER, followerEpoch));
        call(17, asFollower(fetch(17, id), FOLLOWER, followerEpoch));
        assertEquals(2, reached.size());
    }

    @Test
    void aFollowerFetchOfAVersionWithoutReplicaEpochIsRefusedWholeAsUnsupported() throws Exception {
        UUID id = UUID.randomUUID();
        for (int version : new int[] {4, 12, 13, 14}) {
            assertRefused(Errors.UNSUPPORTED_VERSION, call(version, fetch(version, id)
                    .set(FetchRequest.REPLICA_ID, FOLLOWER)), version, id);
        }
        assertTrue(reached.isEmpty(), "no handler ran");
    }

    @Test
    void aFollowerFetchWithoutTheLiveBrokerEpochIsRefusedWithNotLeaderOrFollower() throws Exception {
        UUID id = UUID.randomUUID();
        for (long claimed : new long[] {-1L, 0L, followerEpoch - 1, followerEpoch + 1, Long.MAX_VALUE}) {
            assertRefused(Errors.NOT_LEADER_OR_FOLLOWER, call(15, asFollower(fetch(15, id), FOLLOWER, claimed)), 15, id);
        }
        assertRefused(Errors.NOT_LEADER_OR_FOLLOWER, call(15, asFollower(fetch(15, id), 99, followerEpoch)), 15, id);
        assertRefused(Errors.NOT_LEADER_OR_FOLLOWER, call(15, asFollower(fetch(15, id), 1, followerEpoch)), 15, id);
        assertTrue(reached.isEmpty(), "no handler ran");
    }
}
