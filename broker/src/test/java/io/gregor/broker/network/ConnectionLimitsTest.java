package io.gregor.broker.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.coordination.zk.EndPoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * max.connections, listener.name.&lt;l&gt;.max.connections, max.connections.per.ip (and overrides) and
 * connections.max.idle.ms over real sockets, as a client sees them: beyond a per-address limit the
 * connection is closed at once; beyond a listener or broker limit it waits unanswered until
 * another closes; the inter-broker listener gets through a full broker by closing the least
 * recently active client connection; an idle connection is closed, a busy one is not.
 */
class ConnectionLimitsTest {
    private static final String CLIENT = "CLIENT";
    private static final String INTERNAL = "INTERNAL";

    private SocketServer server;
    private final List<RawClient> clients = new ArrayList<>();

    private void start(ConnectionLimits limits, long idleMs, String... listeners) throws Exception {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.HEARTBEAT).newStruct().set(HeartbeatResponse.THROTTLE_TIME_MS, 0)
                        .set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code())));
        List<EndPoint> endPoints = new ArrayList<>();
        for (String name : listeners) {
            endPoints.add(new EndPoint(name, "127.0.0.1", 0, "PLAINTEXT"));
        }
        server = new SocketServer(new SocketServerSettings(endPoints, 64 * 1024, 2, 2, idleMs, 5_000)
                .withConnectionLimits(limits), registry);
        server.startup();
    }

    @AfterEach
    void stop() throws IOException {
        for (RawClient c : clients) {
            c.close();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    private RawClient connect(String listener) throws IOException {
        RawClient client = new RawClient(server.boundAddress(listener));
        clients.add(client);
        return client;
    }

    private static boolean answers(RawClient client, int timeoutMs) throws IOException {
        client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 77, ApiMessages.request(ApiKey.HEARTBEAT).newStruct()
                .set(HeartbeatRequest.GROUP_ID, "g").set(HeartbeatRequest.MEMBER_ID, "m"));
        return readsAnswer(client, timeoutMs);
    }

    private static boolean readsAnswer(RawClient client, int timeoutMs) throws IOException {
        client.soTimeout(timeoutMs);
        try {
            ByteBuffer frame = client.readFrame();
            return ResponseHeader.read(frame, (short) 1).correlationId() == 77;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            client.soTimeout(10_000);
        }
    }

    private static ConnectionLimits perIp(int max, Map<InetAddress, Integer> overrides) {
        return new ConnectionLimits(Integer.MAX_VALUE, Map.of(), max, overrides, null);
    }

    @Test
    void aConnectionBeyondThePerAddressLimitIsClosedAtOnceAndTheSlotComesBackWhenOneCloses() throws Exception {
        start(perIp(2, Map.of()), -1, CLIENT);
        RawClient first = connect(CLIENT);
        RawClient second = connect(CLIENT);
        assertTrue(answers(first, 5_000));
        assertTrue(answers(second, 5_000));
        try (RawClient third = new RawClient(server.boundAddress(CLIENT))) {
            assertTrue(third.closedByServer());
        }
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 1);
        assertTrue(answers(connect(CLIENT), 5_000));
    }

    @Test
    void anOverrideRaisesOrLowersTheLimitOfItsAddressOnly() throws Exception {
        start(perIp(1, Map.of(InetAddress.getByName("127.0.0.1"), 3)), -1, CLIENT);
        for (int i = 0; i < 3; i++) {
            assertTrue(answers(connect(CLIENT), 5_000));
        }
        try (RawClient fourth = new RawClient(server.boundAddress(CLIENT))) {
            assertTrue(fourth.closedByServer());
        }
        assertEquals(3, server.connectionCount());
    }

    @Test
    void aZeroOverrideRefusesEveryConnectionFromThatAddress() throws Exception {
        start(perIp(Integer.MAX_VALUE, Map.of(InetAddress.getByName("127.0.0.1"), 0)), -1, CLIENT);
        try (RawClient refused = new RawClient(server.boundAddress(CLIENT))) {
            assertTrue(refused.closedByServer());
        }
        assertEquals(0, server.connectionCount());
    }

    @Test
    void beyondMaxConnectionsANewConnectionWaitsUnansweredUntilAnotherCloses() throws Exception {
        start(new ConnectionLimits(2, Map.of(), Integer.MAX_VALUE, Map.of(), null), -1, CLIENT);
        RawClient first = connect(CLIENT);
        RawClient second = connect(CLIENT);
        assertTrue(answers(first, 5_000));
        assertTrue(answers(second, 5_000));
        RawClient waiting = connect(CLIENT); // the TCP handshake completes in the backlog
        assertFalse(answers(waiting, 500), "served beyond max.connections");
        assertEquals(2, server.connectionCount());
        first.close();
        assertTrue(readsAnswer(waiting, 5_000), "not served once a slot was free");
        assertEquals(2, server.connectionCount());
    }

    @Test
    void aListenerLimitHoldsThatListenerOnly() throws Exception {
        start(new ConnectionLimits(100, Map.of(CLIENT, 1), Integer.MAX_VALUE, Map.of(), INTERNAL), -1, CLIENT, INTERNAL);
        RawClient client = connect(CLIENT);
        assertTrue(answers(client, 5_000));
        RawClient secondClient = connect(CLIENT);
        assertFalse(answers(secondClient, 500), "served beyond listener.name.client.max.connections");
        for (int i = 0; i < 3; i++) {
            assertTrue(answers(connect(INTERNAL), 5_000));
        }
        client.close();
        assertTrue(readsAnswer(secondClient, 5_000));
    }

    @Test
    void theInterBrokerListenerGetsThroughAFullBrokerByClosingTheLeastRecentlyActiveClientConnection() throws Exception {
        start(new ConnectionLimits(2, Map.of(), Integer.MAX_VALUE, Map.of(), INTERNAL), -1, CLIENT, INTERNAL);
        RawClient idle = connect(CLIENT);
        assertTrue(answers(idle, 5_000));
        RawClient busy = connect(CLIENT);
        assertTrue(answers(busy, 5_000));
        assertTrue(answers(busy, 5_000)); // busy is now the more recently active

        RawClient replication = connect(INTERNAL);
        assertTrue(answers(replication, 5_000), "the inter-broker listener was held back by max.connections");
        assertTrue(idle.closedByServer(), "the least recently active client connection was not closed");
        assertTrue(answers(busy, 5_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 2);
    }

    @Test
    void withASingleListenerEvenTheInterBrokerOneWaitsForASlot() throws Exception {
        start(new ConnectionLimits(1, Map.of(), Integer.MAX_VALUE, Map.of(), CLIENT), -1, CLIENT);
        RawClient first = connect(CLIENT);
        assertTrue(answers(first, 5_000));
        assertFalse(answers(connect(CLIENT), 500));
        assertTrue(answers(first, 5_000));
    }

    @Test
    void anIdleConnectionIsClosedAfterConnectionsMaxIdleMsAndABusyOneIsNot() throws Exception {
        start(ConnectionLimits.NONE, 400, CLIENT);
        RawClient busy = connect(CLIENT);
        RawClient idle = connect(CLIENT);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_200);
        while (System.nanoTime() < until) {
            assertTrue(answers(busy, 5_000), "a connection in use was closed as idle");
            Thread.sleep(100); // the client's pace: a request every 100 ms, well inside the 400 ms idle time
        }
        assertTrue(idle.closedByServer());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 1);
    }

    @Test
    void closedConnectionsGiveTheirSlotsBack() throws Exception {
        start(new ConnectionLimits(3, Map.of(), 3, Map.of(), null), -1, CLIENT);
        for (int round = 0; round < 5; round++) {
            List<RawClient> batch = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawClient c = new RawClient(server.boundAddress(CLIENT));
                batch.add(c);
                assertTrue(answers(c, 5_000), "round " + round);
            }
            for (RawClient c : batch) {
                c.close();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
        }
        InetSocketAddress address = server.boundAddress(CLIENT);
        assertTrue(address.getPort() > 0);
    }
}
