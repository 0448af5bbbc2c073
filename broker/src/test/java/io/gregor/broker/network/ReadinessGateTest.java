package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.coordination.zk.EndPoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A starting broker holds client requests until it is registered and has the controller's
 * metadata for that registration, then serves them in arrival order; past the bound it closes
 * the connection instead of answering as an empty cluster.
 */
class ReadinessGateTest {
    private static final long REGISTRATION_EPOCH = 42;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Integer> handled = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private ApiHandler recordingHandler() {
        return (context, request) -> {
            handled.add(context.correlationId());
            return CompletableFuture.completedFuture(heartbeatResponse());
        };
    }

    private static Struct heartbeatResponse() {
        return ApiMessages.response(ApiKey.HEARTBEAT).newStruct().set(HeartbeatResponse.THROTTLE_TIME_MS, 0)
                .set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code());
    }

    private static RequestContext context(ApiKey key, int correlationId, String connection) {
        return new RequestContext(new RequestHeader(key.id, (short) 0, correlationId, "client-" + connection), key,
                "PLAINTEXT", new InetSocketAddress("127.0.0.1", 5555), connection);
    }

    @Test
    void clientRequestsWaitForMetadataOfThisRegistrationThenRunInArrivalOrder() throws Exception {
        ReadinessGate gate = new ReadinessGate(1, 30_000, timer, Runnable::run);
        ApiHandler gated = gate.wrap(recordingHandler());
        List<CompletableFuture<Struct>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(gated.handle(context(ApiKey.METADATA, i, i % 2 == 0 ? "a" : "b"), null));
        }
        gate.awaitMetadataFor(REGISTRATION_EPOCH);
        gate.metadataApplied(REGISTRATION_EPOCH - 1);
        assertTrue(handled.isEmpty(), "metadata sent for a previous registration does not open the gate");
        assertFalse(responses.get(0).isDone());

        gate.metadataApplied(REGISTRATION_EPOCH);

        assertTrue(gate.isOpen());
        assertEquals(List.of(0, 1, 2, 3, 4), handled);
        for (CompletableFuture<Struct> response : responses) {
            assertEquals(Errors.NONE.code(), response.get(1, TimeUnit.SECONDS).getShort(HeartbeatResponse.ERROR_CODE));
        }
        gated.handle(context(ApiKey.METADATA, 5, "a"), null).get(1, TimeUnit.SECONDS);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), handled, "once open, requests pass straight through");
    }

    @Test
    void metadataThatArrivesBeforeTheRegistrationIsKnownStillOpensTheGate() {
        ReadinessGate gate = new ReadinessGate(1, 30_000, timer, Runnable::run);
        gate.metadataApplied(REGISTRATION_EPOCH);
        assertFalse(gate.isOpen());
        gate.awaitMetadataFor(REGISTRATION_EPOCH);
        assertTrue(gate.isOpen());
    }

    @Test
    void controllerRequestsPassWhileClientRequestsWait() throws Exception {
        ReadinessGate gate = new ReadinessGate(1, 30_000, timer, Runnable::run);
        ApiHandlerRegistry all = new ApiHandlerRegistry();
        all.register(ApiKey.UPDATE_METADATA, recordingHandler());
        all.register(ApiKey.LEADER_AND_ISR, recordingHandler());
        all.register(ApiKey.METADATA, recordingHandler());
        ApiHandlerRegistry gated = gate.gate(all);

        CompletableFuture<Struct> metadata = gated.handler(ApiKey.METADATA).handle(context(ApiKey.METADATA, 1, "client"), null);
        gated.handler(ApiKey.LEADER_AND_ISR).handle(context(ApiKey.LEADER_AND_ISR, 2, "controller"), null).get(1, TimeUnit.SECONDS);
        gated.handler(ApiKey.UPDATE_METADATA).handle(context(ApiKey.UPDATE_METADATA, 3, "controller"), null).get(1, TimeUnit.SECONDS);

        assertEquals(List.of(2, 3), handled);
        assertFalse(metadata.isDone());
        assertEquals(all.registeredApis(), gated.registeredApis());
    }

    @Test
    void aRequestHeldPastTheBoundFailsWithEveryHeldRequestOfItsConnection() throws Exception {
        ReadinessGate gate = new ReadinessGate(1, 200, timer, Runnable::run);
        ApiHandler gated = gate.wrap(recordingHandler());
        CompletableFuture<Struct> first = gated.handle(context(ApiKey.PRODUCE, 1, "a"), null);
        CompletableFuture<Struct> other = gated.handle(context(ApiKey.PRODUCE, 2, "b"), null);

        ExecutionException failure = Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            try {
                first.get(10, TimeUnit.MILLISECONDS);
                return null;
            } catch (ExecutionException e) {
                return e;
            } catch (java.util.concurrent.TimeoutException e) {
                return null;
            }
        }, e -> e != null);
        assertInstanceOf(CloseConnectionException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("not ready"), failure.getCause().getMessage());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(other::isDone);

        gate.awaitMetadataFor(REGISTRATION_EPOCH);
        gate.metadataApplied(REGISTRATION_EPOCH);
        assertTrue(handled.isEmpty(), "expired requests are never handled");
    }

    @Test
    void theServerClosesTheConnectionOfARequestHeldTooLongAndAnswersOnceTheGateOpens() throws Exception {
        ReadinessGate gate = new ReadinessGate(1, 300, timer, timer);
        ApiHandlerRegistry all = new ApiHandlerRegistry();
        all.register(ApiKey.HEARTBEAT, recordingHandler());
        SocketServer server = new SocketServer(new SocketServerSettings(
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")), 64 * 1024, 2, 1, -1, 5_000), gate.gate(all));
        server.startup();
        Struct heartbeat = ApiMessages.request(ApiKey.HEARTBEAT).newStruct().set(HeartbeatRequest.GROUP_ID, "g")
                .set(HeartbeatRequest.GENERATION_ID, 1)
                .set(HeartbeatRequest.MEMBER_ID, "m");
        try (RawClient early = new RawClient(server.boundAddress("PLAINTEXT"))) {
            early.sendRequest(ApiKey.HEARTBEAT, (short) 4, 7, heartbeat);
            assertTrue(early.closedByServer(), "held past the bound: closed, not answered");
        }
        gate.awaitMetadataFor(REGISTRATION_EPOCH);
        gate.metadataApplied(REGISTRATION_EPOCH);
        try (RawClient late = new RawClient(server.boundAddress("PLAINTEXT"))) {
            late.sendRequest(ApiKey.HEARTBEAT, (short) 4, 8, heartbeat);
            ByteBuffer frame = late.readFrame();
            assertEquals(8, ResponseHeader.read(frame, (short) 1).correlationId());
        } finally {
            server.shutdown();
        }
        assertEquals(List.of(8), handled);
    }
}
