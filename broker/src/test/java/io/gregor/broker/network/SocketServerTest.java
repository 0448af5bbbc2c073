package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.KafkaConnection;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.clients.protocol.schemas.SaslHandshakeRequest;
import io.gregor.clients.protocol.schemas.SaslHandshakeResponse;
import io.gregor.coordination.zk.EndPoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketServerTest {
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private SocketServer server;
    private SocketServerSettings settings;
    private InetSocketAddress address;

    /** Heartbeat handler: answers after GenerationId ms, echoing the generation in ThrottleTimeMs. */
    private static CompletableFuture<Struct> delayedEcho(RequestContext ctx, Struct request) {
        int delayMs = request.getInt(HeartbeatRequest.GENERATION_ID);
        if (delayMs < 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("handler failure requested"));
        }
        Executor later = CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                .set(HeartbeatResponse.THROTTLE_TIME_MS, delayMs)
                .set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code()), later);
    }

    private void start(long idleMs, long shutdownTimeoutMs) throws Exception {
        start(idleMs, shutdownTimeoutMs, SocketServerSettings.OS_DEFAULT_BUFFER, SocketServerSettings.OS_DEFAULT_BUFFER);
    }

    private void start(long idleMs, long shutdownTimeoutMs, int sendBufferBytes, int receiveBufferBytes) throws Exception {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.HEARTBEAT, SocketServerTest::delayedEcho);
        registry.register(ApiKey.METADATA, (ctx, req) -> CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.METADATA).newStruct()));
        settings = new SocketServerSettings(
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")),
                MAX_REQUEST_BYTES, 4, 2, idleMs, shutdownTimeoutMs, sendBufferBytes, receiveBufferBytes);
        server = new SocketServer(settings, registry);
        server.startup();
        address = server.boundAddress("PLAINTEXT");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    private static Struct heartbeat(int generation) {
        return ApiMessages.request(ApiKey.HEARTBEAT).newStruct().set(HeartbeatRequest.GROUP_ID, "g")
                .set(HeartbeatRequest.GENERATION_ID, generation)
                .set(HeartbeatRequest.MEMBER_ID, "m");
    }

    private void assertStillServing() throws IOException {
        try (KafkaConnection conn = KafkaConnection.connect(address, "other", 5_000)) {
            Struct response = conn.send(ApiKey.HEARTBEAT, (short) 4, heartbeat(0));
            assertEquals(Errors.NONE.code(), response.getShort(HeartbeatResponse.ERROR_CODE));
        }
    }

    @Test
    void servesRequestsWithKafkasSocketBufferSizes() throws Exception {
        start(-1, 5_000, 102_400, 102_400);
        // the listener and its connections are set up with the configured SO_RCVBUF / SO_SNDBUF
        assertStillServing();
        try (KafkaConnection conn = KafkaConnection.connect(address, "buffers", 5_000)) {
            for (int i = 0; i < 50; i++) {
                assertEquals(Errors.NONE.code(),
                        conn.send(ApiKey.HEARTBEAT, (short) 4, heartbeat(0)).getShort(HeartbeatResponse.ERROR_CODE));
            }
        }
    }

    @Test
    void aSecondStartupIsRefusedAndTheServerKeepsServingOnItsPort() throws Exception {
        start(-1, 5_000);
        int port = server.boundPort("PLAINTEXT");
        assertEquals("Socket server cannot be started more than once",
                assertThrows(IllegalStateException.class, server::startup).getMessage());
        assertEquals(port, server.boundPort("PLAINTEXT"));
        assertStillServing();
    }

    @Test
    void startupAfterShutdownIsRefusedAndBindsNothing() throws Exception {
        start(-1, 5_000);
        server.shutdown();
        server.shutdown(); // a second shutdown does nothing
        assertEquals("Socket server cannot be started after it was closed",
                assertThrows(IllegalStateException.class, server::startup).getMessage());
        assertThrows(IOException.class, () -> KafkaConnection.connect(address, "late", 2_000).close());
    }

    @Test
    void bindsEphemeralPortAndReportsIt() throws Exception {
        start(-1, 5_000);
        assertTrue(server.boundPort("PLAINTEXT") > 0);
        assertStillServing();
    }

    @Test
    void pipelinedRequestsAreAnsweredInRequestOrderWhenHandlersFinishOutOfOrder() throws Exception {
        start(-1, 5_000);
        int[] delays = {300, 10, 200, 0, 100, 50, 0, 250};
        try (RawClient client = new RawClient(address)) {
            for (int i = 0; i < delays.length; i++) {
                client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 1000 + i, heartbeat(delays[i]));
            }
            for (int i = 0; i < delays.length; i++) {
                ByteBuffer frame = client.readFrame();
                assertEquals(1000 + i, ResponseHeader.read(frame, (short) 1).correlationId());
                Struct body = MessageCodec.read(frame, ApiKey.HEARTBEAT, (short) 4, MessageType.RESPONSE);
                assertEquals(delays[i], body.getInt(HeartbeatResponse.THROTTLE_TIME_MS));
            }
        }
    }

    @Test
    void manyMorePipelinedRequestsThanTheReadPauseThresholdAreAllAnsweredInOrder() throws Exception {
        start(-1, 5_000);
        int count = 1_000;
        try (RawClient client = new RawClient(address)) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        client.sendRequest(ApiKey.HEARTBEAT, (short) 4, i, heartbeat(i % 3));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            for (int i = 0; i < count; i++) {
                ByteBuffer frame = client.readFrame();
                assertEquals(i, ResponseHeader.read(frame, (short) 1).correlationId());
            }
            writer.join(10_000);
        }
    }

    @Test
    void concurrentConnectionsAreServedIndependently() throws Exception {
        start(-1, 5_000);
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int id = c;
            clients.add(CompletableFuture.runAsync(() -> {
                try (KafkaConnection conn = KafkaConnection.connect(address, "client-" + id, 5_000)) {
                    for (int i = 0; i < 50; i++) {
                        assertEquals(i % 2, conn.send(ApiKey.HEARTBEAT, (short) 4,
                                heartbeat(i % 2)).getInt(HeartbeatResponse.THROTTLE_TIME_MS));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void fewerNetworkThreadsCloseTheConnectionsOfTheRemovedOnesAndMoreServeNewConnections() throws Exception {
        start(-1, 5_000);
        List<KafkaConnection> open = new ArrayList<>();
        try {
            for (int c = 0; c < 4; c++) { // round robin over the two network threads: two connections each
                KafkaConnection conn = KafkaConnection.connect(address, "client-" + c, 5_000);
                open.add(conn);
                assertEquals(Errors.NONE.code(), conn.send(ApiKey.HEARTBEAT, (short) 4, heartbeat(0))
                        .getShort(HeartbeatResponse.ERROR_CODE));
            }
            server.reconfigure(settings.connectionLimits(), 4, 1);
            assertEquals(1, server.numNetworkThreads());
            int closed = 0;
            for (KafkaConnection conn : open) {
                try {
                    conn.send(ApiKey.HEARTBEAT, (short) 4, heartbeat(0));
                } catch (IOException e) {
                    closed++;
                }
            }
            assertEquals(2, closed, "the connections of the removed thread are closed, the others kept");
            assertStillServing();
            server.reconfigure(settings.connectionLimits(), 4, 2);
            assertEquals(2, server.numNetworkThreads());
            for (int c = 0; c < 4; c++) {
                assertStillServing();
            }
        } finally {
            for (KafkaConnection conn : open) {
                conn.close();
            }
        }
    }

    @Test
    void garbageFrameClosesOnlyThatConnection() throws Exception {
        start(-1, 5_000);
        try (RawClient client = new RawClient(address)) {
            // Heartbeat v0 header whose client id claims 30000 bytes in an 12-byte frame
            ByteBuffer garbage = ByteBuffer.allocate(16).putInt(12).putShort((short) 12).putShort((short) 0)
                    .putInt(7).putShort((short) 30000).putShort((short) 0).flip();
            client.sendBytes(garbage);
            assertTrue(client.closedByServer());
        }
        assertStillServing();
    }

    @Test
    void frameOverTheSizeLimitClosesOnlyThatConnection() throws Exception {
        start(-1, 5_000);
        try (RawClient client = new RawClient(address)) {
            client.sendBytes(ByteBuffer.allocate(8).putInt(MAX_REQUEST_BYTES + 1).putInt(0).flip());
            assertTrue(client.closedByServer());
        }
        assertStillServing();
    }

    @Test
    void negativeFrameSizeClosesTheConnection() throws Exception {
        start(-1, 5_000);
        try (RawClient client = new RawClient(address)) {
            client.sendBytes(ByteBuffer.allocate(4).putInt(-5).flip());
            assertTrue(client.closedByServer());
        }
        assertStillServing();
    }

    @Test
    void truncatedRequestBodyClosesOnlyThatConnection() throws Exception {
        start(-1, 5_000);
        try (RawClient client = new RawClient(address)) {
            ByteBuffer full = new io.gregor.clients.protocol.RequestHeader(ApiKey.HEARTBEAT.id, (short) 0, 3, "c")
                    .writeWithBody(heartbeat(0)).toByteBuffer();
            int cut = full.remaining() - 3;
            ByteBuffer truncated = ByteBuffer.allocate(4 + cut).putInt(cut);
            truncated.put(full.limit(cut)).flip();
            client.sendBytes(truncated);
            assertTrue(client.closedByServer());
        }
        assertStillServing();
    }

    @Test
    void unknownApiKeyClosesTheConnectionAndOthersAreStillServed() throws Exception {
        start(-1, 5_000);
        try (RawClient client = new RawClient(address)) {
            client.sendBytes(ByteBuffer.allocate(16).putInt(12).putShort((short) 999).putShort((short) 0)
                    .putInt(1).putShort((short) 2).put((byte) 'c').put((byte) 'i').flip());
            assertTrue(client.closedByServer());
        }
        assertStillServing();
    }

    @Test
    void unsupportedVersionOfAnApiClosesTheConnection() throws Exception {
        start(-1, 5_000);
        try (RawClient client = new RawClient(address)) {
            client.sendBytes(ByteBuffer.allocate(16).putInt(12).putShort(ApiKey.HEARTBEAT.id).putShort((short) 99)
                    .putInt(1).putShort((short) 2).put((byte) 'c').put((byte) 'i').flip());
            assertTrue(client.closedByServer());
        }
        assertStillServing();
    }

    @Test
    void knownApiWithoutHandlerIsAnsweredWithUnsupportedVersion() throws Exception {
        start(-1, 5_000);
        try (KafkaConnection conn = KafkaConnection.connect(address, "c", 5_000)) {
            Struct response = conn.send(ApiKey.SASL_HANDSHAKE, (short) 1,
                    ApiMessages.request(ApiKey.SASL_HANDSHAKE).newStruct()
                            .set(SaslHandshakeRequest.MECHANISM, "PLAIN"));
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), response.getShort(SaslHandshakeResponse.ERROR_CODE));
        }
    }

    @Test
    void failingHandlerIsAnsweredWithItsGenericErrorResponse() throws Exception {
        start(-1, 5_000);
        try (KafkaConnection conn = KafkaConnection.connect(address, "c", 5_000)) {
            Struct response = conn.send(ApiKey.HEARTBEAT, (short) 4, heartbeat(-1));
            assertEquals(Errors.UNKNOWN_SERVER_ERROR.code(), response.getShort(HeartbeatResponse.ERROR_CODE));
            assertEquals(0, conn.send(ApiKey.HEARTBEAT, (short) 4,
                    heartbeat(0)).getShort(HeartbeatResponse.ERROR_CODE));
        }
    }

    @Test
    void apiVersionsListsRegisteredApisInEveryVersion() throws Exception {
        start(-1, 5_000);
        try (KafkaConnection conn = KafkaConnection.connect(address, "c", 5_000)) {
            for (short v = 0; v <= ApiKey.API_VERSIONS.maxVersion; v++) {
                Struct request = ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "gregor-test")
                        .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1.0");
                Struct response = conn.send(ApiKey.API_VERSIONS, v, request);
                assertEquals(0, response.getShort(ApiVersionsResponse.ERROR_CODE), "v" + v);
                assertEquals(List.of(
                        List.of((int) ApiKey.METADATA.id, 0, 12), List.of((int) ApiKey.HEARTBEAT.id, 0, 4),
                        List.of((int) ApiKey.API_VERSIONS.id, 0, 4)), apiKeys(response));
            }
        }
    }

    @Test
    void apiVersionsWithInvalidClientSoftwareNameIsAnInvalidRequest() throws Exception {
        start(-1, 5_000);
        try (KafkaConnection conn = KafkaConnection.connect(address, "c", 5_000)) {
            Struct request = ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "bad name!")
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1.0");
            assertEquals(Errors.INVALID_REQUEST.code(),
                    conn.send(ApiKey.API_VERSIONS, (short) 3, request).getShort(ApiVersionsResponse.ERROR_CODE));
        }
    }

    @Test
    void apiVersionsOfAnUnknownVersionGetsV0ShapedUnsupportedVersionWithRanges() throws Exception {
        start(-1, 5_000);
        try (RawClient client = new RawClient(address)) {
            // header v2 (flexible): key, version 99, correlation id, client id, empty tagged fields; then a body
            ByteBuffer request = ByteBuffer.allocate(64);
            request.putInt(0).putShort(ApiKey.API_VERSIONS.id).putShort((short) 99).putInt(42)
                    .putShort((short) 1).put((byte) 'c').put((byte) 0).put(new byte[]{2, 'x', 2, 'y', 0});
            request.putInt(0, request.position() - 4).flip();
            client.sendBytes(request);
            ByteBuffer frame = client.readFrame();
            assertEquals(42, ResponseHeader.read(frame, (short) 0).correlationId());
            Struct body = MessageCodec.read(frame, ApiKey.API_VERSIONS, (short) 0, MessageType.RESPONSE);
            assertEquals((short) 35, body.getShort(ApiVersionsResponse.ERROR_CODE));
            assertTrue(apiKeys(body).contains(List.of((int) ApiKey.API_VERSIONS.id, 0, 4)));
        }
    }

    @Test
    void idleConnectionIsClosedAfterConnectionsMaxIdleMs() throws Exception {
        start(300, 5_000);
        try (RawClient client = new RawClient(address)) {
            long start = System.nanoTime();
            assertTrue(client.closedByServer());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 250);
        }
    }

    @Test
    void gracefulShutdownCompletesAnInFlightRequestThenCloses() throws Exception {
        start(-1, 10_000);
        try (RawClient client = new RawClient(address)) {
            client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 5, heartbeat(500));
            org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> server.inFlightRequests() == 1);
            Thread stopper = new Thread(server::shutdown);
            stopper.start();
            ByteBuffer frame = client.readFrame();
            assertEquals(5, ResponseHeader.read(frame, (short) 1).correlationId());
            assertEquals(500, MessageCodec.read(frame, ApiKey.HEARTBEAT, (short) 4, MessageType.RESPONSE)
                    .getInt(HeartbeatResponse.THROTTLE_TIME_MS));
            assertTrue(client.closedByServer());
            stopper.join(10_000);
        }
        try (java.net.Socket s = new java.net.Socket()) {
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> s.connect(address, 1_000));
        }
    }

    private static List<List<Integer>> apiKeys(Struct response) {
        List<List<Integer>> keys = new ArrayList<>();
        for (Struct k : response.getStructs(ApiVersionsResponse.API_KEYS)) {
            keys.add(List.of((int) k.getShort(ApiKeys.API_KEY), (int) k.getShort(ApiKeys.MIN_VERSION),
                    (int) k.getShort(ApiKeys.MAX_VERSION)));
        }
        return keys;
    }
}
