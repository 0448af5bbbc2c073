package io.gregor.broker.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeGroupsRequest;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse.Groups;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse.Groups.Members;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.clients.protocol.schemas.JoinGroupRequest;
import io.gregor.clients.protocol.schemas.SaslAuthenticateRequest;
import io.gregor.clients.protocol.schemas.SaslAuthenticateResponse;
import io.gregor.coordination.zk.EndPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * queued.max.request.bytes over real sockets: with a pool smaller than a few requests, connections
 * stop reading when it is full and resume as requests finish; every request is still answered, in
 * order, and nothing deadlocks, not even a request larger than the whole pool. Requests a handler
 * parks (answers later) leave the pool, are bounded apart, and are cancelled with their connection.
 */
class RequestMemoryBackpressureTest {
    private static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** A Heartbeat's GroupId of this many characters makes a frame of about 30 KB. */
    private static final int GROUP_ID_CHARS = 30_000;
    /** The size of the DescribeGroups answers of the slow-reader test. */
    private static final int BIG_RESPONSE_BYTES = 1024 * 1024;

    private SocketServer server;
    /** Heartbeats whose answer the test holds back (parked) until it completes them. */
    private final ConcurrentLinkedQueue<CompletableFuture<Struct>> parked = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean park = new AtomicBoolean(true);
    /** The answers handed back for parked heartbeats (what the network layer cancels). */
    private final ConcurrentLinkedQueue<CompletableFuture<Struct>> parkedAnswers = new ConcurrentLinkedQueue<>();
    /**
     * While set, heartbeat handlers block their request thread until {@link #unblock}: the request is
     * being handled, not parked, so it and those queued behind it stay counted in the pool.
     */
    private final AtomicBoolean block = new AtomicBoolean();
    private final CountDownLatch unblock = new CountDownLatch(1);
    private final AtomicInteger handled = new AtomicInteger();

    private void start(long poolBytes) throws Exception {
        start(poolBytes, SocketServerSettings.OS_DEFAULT_BUFFER);
    }

    private void start(long poolBytes, int sendBufferBytes) throws Exception {
        start(poolBytes, sendBufferBytes, MAX_REQUEST_BYTES);
    }

    private void start(long poolBytes, int sendBufferBytes, int maxRequestBytes) throws Exception {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> {
            handled.incrementAndGet();
            Struct response = ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.THROTTLE_TIME_MS, request.getInt(HeartbeatRequest.GENERATION_ID))
                    .set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code());
            if (block.get()) {
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (park.get()) {
                CompletableFuture<Struct> later = new CompletableFuture<>();
                parked.add(later);
                CompletableFuture<Struct> answer = later.thenApply(ignored -> response);
                parkedAnswers.add(answer);
                return answer;
            }
            int delayMs = ThreadLocalRandom.current().nextInt(3);
            return CompletableFuture.supplyAsync(() -> response,
                    CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS));
        });
        registry.register(ApiKey.SASL_AUTHENTICATE, (ctx, request) -> {
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.SASL_AUTHENTICATE).newStruct()
                    .set(SaslAuthenticateResponse.ERROR_CODE, Errors.NONE.code()).set(SaslAuthenticateResponse.AUTH_BYTES, ByteBuffer.allocate(0)));
        });
        registry.register(ApiKey.DESCRIBE_GROUPS, (ctx, request) -> {
            handled.incrementAndGet();
            Struct response = ApiMessages.response(ApiKey.DESCRIBE_GROUPS).newStruct();
            response.addElement(DescribeGroupsResponse.GROUPS).set(Groups.GROUP_ID, "g").addElement(Groups.MEMBERS)
                    .set(Members.MEMBER_ID, "m")
                    .set(Members.MEMBER_METADATA, ByteBuffer.allocate(BIG_RESPONSE_BYTES));
            return CompletableFuture.completedFuture(response);
        });
        server = new SocketServer(new SocketServerSettings(List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")),
                maxRequestBytes, 4, 2, -1, 5_000, sendBufferBytes, SocketServerSettings.OS_DEFAULT_BUFFER)
                .withQueuedMaxRequestBytes(poolBytes), registry);
        server.startup();
    }

    @AfterEach
    void stop() {
        park.set(false);
        unblock.countDown();
        releaseParked();
        if (server != null) {
            server.shutdown();
        }
    }

    private void releaseParked() {
        CompletableFuture<Struct> f;
        while ((f = parked.poll()) != null) {
            f.complete(null);
        }
    }

    private static Struct heartbeat(int generation, int groupIdChars) {
        return ApiMessages.request(ApiKey.HEARTBEAT).newStruct()
                .set(HeartbeatRequest.GROUP_ID, "g".repeat(groupIdChars))
                .set(HeartbeatRequest.GENERATION_ID, generation).set(HeartbeatRequest.MEMBER_ID, "m");
    }

    /** Sends {@code count} heartbeats on {@code client} from another thread (the server may stop reading). */
    private static Thread sendInBackground(RawClient client, int count, int groupIdChars) {
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    client.sendRequest(ApiKey.HEARTBEAT, (short) 4, i, heartbeat(i, groupIdChars));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static void assertAnsweredInOrder(RawClient client, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            ByteBuffer frame = client.readFrame();
            assertEquals(i, ResponseHeader.read(frame, (short) 1).correlationId());
        }
    }

    @Test
    void readingStopsWhileThePoolIsFullAndResumesAsRequestsFinishWithNothingLost() throws Exception {
        long pool = 100 * 1024;
        start(pool);
        park.set(false);
        block.set(true); // the first heartbeat's handler holds its thread; the others queue behind it
        int count = 12;
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            sendInBackground(client, count, GROUP_ID_CHARS);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsAwaitingMemory() == 1);
            assertEquals(1, handled.get());
            // nothing more is read while the held requests keep the pool full
            long held = server.requestMemoryInUse();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> server.connectionsAwaitingMemory() == 1 && server.requestMemoryInUse() == held);
            assertTrue(held <= pool + 2 * 64 * 1024, "in use " + held);

            unblock.countDown();
            assertAnsweredInOrder(client, count);
        }
        assertEquals(count, handled.get());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
        assertTrue(server.peakRequestMemory() <= pool + 2 * 64 * 1024, "peak " + server.peakRequestMemory());
    }

    @Test
    void aRequestLargerThanTheWholePoolIsServedOnceTheMemoryHeldByOthersIsReleased() throws Exception {
        start(16 * 1024);
        park.set(false);
        block.set(true);
        try (RawClient holder = new RawClient(server.boundAddress("PLAINTEXT"));
             RawClient big = new RawClient(server.boundAddress("PLAINTEXT"))) {
            holder.sendRequest(ApiKey.HEARTBEAT, (short) 4, 0, heartbeat(0, 20_000)); // more than the pool
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 1);

            sendInBackground(big, 1, 100_000 / 4); // a 25 KB group id: larger than the pool
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsAwaitingMemory() == 1);
            assertEquals(1, handled.get());

            unblock.countDown();
            assertAnsweredInOrder(holder, 1);
            assertAnsweredInOrder(big, 1);
        }
        assertEquals(2, handled.get());
    }

    @Test
    void manyConnectionsCompetingForASmallPoolAreAllAnsweredWithoutDeadlock() throws Exception {
        long pool = 100 * 1024;
        start(pool);
        park.set(false);
        int connections = 16;
        int perConnection = 25;
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
                    sendInBackground(client, perConnection, GROUP_ID_CHARS);
                    assertAnsweredInOrder(client, perConnection);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(connections * perConnection, handled.get());
        // 400 requests of ~60 KB (frame and decoded) passed; never more than the pool plus a few held at once
        assertTrue(server.peakRequestMemory() <= pool + 4 * 64 * 1024, "peak " + server.peakRequestMemory());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
    }

    @Test
    void unsentResponsesCountAgainstThePoolAndAClientThatDoesNotReadThemIsNotReadFrom() throws Exception {
        start(64L * 1024 * 1024, 64 * 1024); // small socket buffers: the kernel takes little of the answers
        park.set(false);
        int first = 30;
        int more = 10;
        Struct describe = ApiMessages.request(ApiKey.DESCRIBE_GROUPS).newStruct();
        describe.getArray(DescribeGroupsRequest.GROUPS).add("g");
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"), 64 * 1024)) {
            for (int i = 0; i < first; i++) {
                client.sendRequest(ApiKey.DESCRIBE_GROUPS, (short) 5, i, describe);
            }
            // the broker answers what it has read, then stops reading while the answers are not taken
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() > 0);
            AtomicInteger seen = new AtomicInteger(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> seen.getAndSet(handled.get()) == handled.get());
            int answered = handled.get();
            // what it holds for this client is counted: all but what the (small) socket buffers took
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.requestMemoryInUse() >= (long) (answered - 2) * BIG_RESPONSE_BYTES);
            for (int i = first; i < first + more; i++) {
                client.sendRequest(ApiKey.DESCRIBE_GROUPS, (short) 5, i, describe);
            }
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> handled.get() == answered);
            assertAnsweredInOrder(client, first + more);
        }
        assertEquals(first + more, handled.get());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
    }

    @Test
    void memoryReservedForAFrameIsGivenBackWhenItsConnectionClosesBeforeItArrives() throws Exception {
        start(100 * 1024);
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            client.sendBytes(ByteBuffer.allocate(4 + 100).putInt(50_000).flip()); // 100 of 50,000 bytes
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 50_000);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
    }

    @Test
    void aLargeDeclaredFrameWhoseBytesDoNotArriveHoldsOnlyWhatArrivedAndOthersAreStillServed() throws Exception {
        long pool = 2 * 1024 * 1024;
        start(pool, SocketServerSettings.OS_DEFAULT_BUFFER, 100 * 1024 * 1024);
        park.set(false);
        try (RawClient liar1 = new RawClient(server.boundAddress("PLAINTEXT"));
             RawClient liar2 = new RawClient(server.boundAddress("PLAINTEXT"));
             RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            // each declares 50 MB (25 times the pool) and sends 100 bytes of it
            liar1.sendBytes(ByteBuffer.allocate(4 + 100).putInt(50_000_000).flip());
            liar2.sendBytes(ByteBuffer.allocate(4 + 100).putInt(50_000_000).flip());
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 2 * 64 * 1024);

            sendInBackground(client, 20, GROUP_ID_CHARS);
            assertAnsweredInOrder(client, 20);
            assertEquals(0, server.connectionsAwaitingMemory());

            // the bytes that do arrive are reserved as its buffer doubles: 1 MB more, 1 MiB reserved for it
            liar1.sendBytes(ByteBuffer.allocate(1_000_000));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() >= 1_000_000 + 64 * 1024);
            assertTrue(server.requestMemoryInUse() <= 2 * 1024 * 1024 + 64 * 1024, "in use " + server.requestMemoryInUse());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
    }

    @Test
    void aLargeFrameWhoseBytesAllArriveIsServedAndGivesBackItsWholeReservation() throws Exception {
        start(64L * 1024 * 1024, SocketServerSettings.OS_DEFAULT_BUFFER, 8 * 1024 * 1024);
        park.set(false);
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            for (int i = 0; i < 3; i++) { // frames of 3 MB, their buffers grown from 64 KiB as the bytes arrive
                client.sendRequest(ApiKey.SASL_AUTHENTICATE, (short) 2, i, ApiMessages.request(ApiKey.SASL_AUTHENTICATE)
                        .newStruct().set(SaslAuthenticateRequest.AUTH_BYTES, ByteBuffer.allocate(3_000_000)));
            }
            assertAnsweredInOrder(client, 3);
        }
        assertEquals(3, handled.get());
        assertTrue(server.peakRequestMemory() >= 3_000_000, "peak " + server.peakRequestMemory());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
    }

    @Test
    void aConnectionWaitingForMemoryThatClosesPassesItsTurnToTheNext() throws Exception {
        start(16 * 1024);
        park.set(false);
        block.set(true);
        try (RawClient holder = new RawClient(server.boundAddress("PLAINTEXT"))) {
            holder.sendRequest(ApiKey.HEARTBEAT, (short) 4, 0, heartbeat(0, 20_000));
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 1);
            try (RawClient quitter = new RawClient(server.boundAddress("PLAINTEXT"))) {
                quitter.sendRequest(ApiKey.HEARTBEAT, (short) 4, 0, heartbeat(0, 10));
                await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsAwaitingMemory() == 1);
            }
            try (RawClient next = new RawClient(server.boundAddress("PLAINTEXT"))) {
                Thread writer = sendInBackground(next, 1, 10);
                writer.join(5_000);
                await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionsAwaitingMemory() == 2);
                unblock.countDown();
                assertAnsweredInOrder(next, 1);
            }
            assertAnsweredInOrder(holder, 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
    }

    @Test
    void aRequestWhoseDecodedFormWouldExceedThePoolPlusTheLargestRequestClosesOnlyItsConnection() throws Exception {
        start(64 * 1024);
        // a JoinGroup v6 of 20,000 three-byte protocols: 60 KB on the wire, megabytes once decoded
        Struct join = ApiMessages.request(ApiKey.JOIN_GROUP).newStruct().set(JoinGroupRequest.GROUP_ID, "g")
                .set(JoinGroupRequest.SESSION_TIMEOUT_MS, 10_000).set(JoinGroupRequest.MEMBER_ID, "")
                .set(JoinGroupRequest.PROTOCOL_TYPE, "consumer");
        for (int i = 0; i < 20_000; i++) {
            join.addElement(JoinGroupRequest.PROTOCOLS);
        }
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            client.sendRequest(ApiKey.JOIN_GROUP, (short) 6, 1, join);
            assertTrue(client.closedByServer());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requestMemoryInUse() == 0);
        park.set(false);
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 0, heartbeat(0, 10));
            assertAnsweredInOrder(client, 1);
        }
    }

    @Test
    void aParkedRequestLeavesThePoolSoOtherConnectionsKeepReading() throws Exception {
        long pool = 100 * 1024;
        start(pool);
        try (RawClient parker1 = new RawClient(server.boundAddress("PLAINTEXT"));
             RawClient parker2 = new RawClient(server.boundAddress("PLAINTEXT"));
             RawClient other = new RawClient(server.boundAddress("PLAINTEXT"))) {
            // each ~60 KB once decoded: together more than the pool
            parker1.sendRequest(ApiKey.HEARTBEAT, (short) 4, 0, heartbeat(0, GROUP_ID_CHARS));
            parker2.sendRequest(ApiKey.HEARTBEAT, (short) 4, 0, heartbeat(0, GROUP_ID_CHARS));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.parkedRequestMemory() > pool);
            assertEquals(0, server.requestMemoryInUse());

            park.set(false);
            sendInBackground(other, 20, GROUP_ID_CHARS); // 20 x ~60 KB pass while the parked one waits
            assertAnsweredInOrder(other, 20);
            assertEquals(0, server.connectionsAwaitingMemory());

            releaseParked();
            assertAnsweredInOrder(parker1, 1);
            assertAnsweredInOrder(parker2, 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.parkedRequestMemory() == 0
                && server.requestMemoryInUse() == 0);
    }

    @Test
    void aConnectionWhoseParkedRequestsPassTheirShareStopsReadingUntilTheyAreAnswered() throws Exception {
        start(100 * 1024); // parked requests may hold 50 KB beyond the first of each connection
        int count = 8;
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            sendInBackground(client, count, GROUP_ID_CHARS); // ~60 KB each once decoded
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() >= 1);
            // a paused connection still hands on the frames of its last read; then nothing more
            AtomicInteger seen = new AtomicInteger(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(() -> seen.getAndSet(handled.get()) == handled.get());
            int parkedNow = handled.get();
            assertTrue(parkedNow < count, "parked " + parkedNow + " of " + count);
            assertEquals(0, server.connectionsAwaitingMemory());

            park.set(false);
            releaseParked(); // the connection reads again once its parked requests are answered
            assertAnsweredInOrder(client, count);
        }
        assertEquals(count, handled.get());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.parkedRequestMemory() == 0);
    }

    @Test
    void closingAConnectionCancelsItsParkedRequestsAndGivesTheirMemoryBack() throws Exception {
        start(100 * 1024);
        int count = 3;
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            // ~60 KB each once decoded: past the parked share, so the connection stops reading; all
            // its bytes have left the client, so its close reaches the broker while it does not read
            sendInBackground(client, count, GROUP_ID_CHARS).join(5_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.parkedRequestMemory() > 50 * 1024);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.parkedRequestMemory() == 0
                && server.requestMemoryInUse() == 0 && server.inFlightRequests() == 0);
        assertTrue(!parkedAnswers.isEmpty() && parkedAnswers.stream().allMatch(CompletableFuture::isCancelled),
                "the handlers' answers are cancelled");
    }
}
