package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.coordination.zk.EndPoint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer's Fetch goes from the network thread straight to its handler when no earlier request of
 * the connection is with a handler ({@link NetworkThreadFetch}); everything else, and a follower's
 * fetch, still goes through the request-handler threads; the handlers of one connection still run
 * one at a time in request order, and the answers go out in request order.
 */
class NetworkThreadFetchTest {
    private static final short FETCH_VERSION = 12;
    private final List<String> handlerThreads = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> invoked = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private SocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
        later.shutdownNow();
    }

    /** Fetch answers at once, but a MaxWaitMs above 0 answers from another thread after that long (a parked fetch). */
    private void start() throws Exception {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.FETCH, (ctx, request) -> {
            enter(ctx.correlationId());
            Struct response = ApiMessages.response(ApiKey.FETCH).newStruct()
                    .set(FetchResponse.ERROR_CODE, Errors.NONE.code()).set(FetchResponse.SESSION_ID, 0);
            int waitMs = request.getInt(FetchRequest.MAX_WAIT_MS);
            active.decrementAndGet();
            if (waitMs == 0) {
                return CompletableFuture.completedFuture(response);
            }
            CompletableFuture<Struct> parked = new CompletableFuture<>();
            later.schedule(() -> parked.complete(response), waitMs, TimeUnit.MILLISECONDS);
            return parked;
        });
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> {
            enter(ctx.correlationId());
            long busyUntil = System.nanoTime() + 200_000; // a little work, so overlapping calls would show
            while (System.nanoTime() < busyUntil) {
                Thread.onSpinWait();
            }
            active.decrementAndGet();
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.THROTTLE_TIME_MS, 0).set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code()));
        });
        server = new SocketServer(new SocketServerSettings(
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")), 64 * 1024, 4, 1, -1, 5_000), registry);
        server.startup();
    }

    private void enter(int correlationId) {
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        invoked.add(correlationId);
        handlerThreads.add(Thread.currentThread().getName());
    }

    /** A Fetch v12 (or v3 with {@code legacy}) of {@code partitions} partitions of topic t. */
    private static Struct fetch(int replicaId, int maxWaitMs, int partitions) {
        return fetch(replicaId, maxWaitMs, partitions, false)
                .set(FetchRequest.ISOLATION_LEVEL, (byte) 0).set(FetchRequest.SESSION_ID, 0)
                .set(FetchRequest.SESSION_EPOCH, -1);
    }

    private static Struct fetch(int replicaId, int maxWaitMs, int partitions, boolean legacy) {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.REPLICA_ID, replicaId).set(FetchRequest.MAX_WAIT_MS, maxWaitMs)
                .set(FetchRequest.MIN_BYTES, 1).set(FetchRequest.MAX_BYTES, 1 << 20);
        Struct topic = request.addElement(FetchRequest.TOPICS).set(Topics.TOPIC, "t");
        for (int p = 0; p < partitions; p++) {
            topic.addElement(Topics.PARTITIONS).set(Topics.Partitions.PARTITION, p)
                    .set(Topics.Partitions.FETCH_OFFSET, 0L).set(Topics.Partitions.PARTITION_MAX_BYTES, 1 << 20);
        }
        return request;
    }

    private static Struct heartbeat() {
        return ApiMessages.request(ApiKey.HEARTBEAT).newStruct()
                .set(HeartbeatRequest.GROUP_ID, "g").set(HeartbeatRequest.GENERATION_ID, 1).set(HeartbeatRequest.MEMBER_ID, "m");
    }

    @Test
    void aConsumerFetchIsHandledOnTheNetworkThreadAndAFollowerFetchOnARequestHandlerThread() throws Exception {
        start();
        // each the first request of its own connection, so nothing of the connection is with a handler
        exchange(1, FETCH_VERSION, fetch(-1, 0, 1));
        exchange(2, FETCH_VERSION, fetch(2, 0, 1));
        exchange(3, FETCH_VERSION, fetch(-1, 0, NetworkThreadFetch.MAX_PARTITIONS + 1));
        exchange(4, (short) 3, fetch(-1, 0, 1, true));
        assertTrue(handlerThreads.get(0).startsWith("gregor-network"), handlerThreads.toString());
        assertTrue(handlerThreads.get(1).startsWith("gregor-request-handler"), "follower: " + handlerThreads);
        assertTrue(handlerThreads.get(2).startsWith("gregor-request-handler"), "many partitions: " + handlerThreads);
        assertTrue(handlerThreads.get(3).startsWith("gregor-request-handler"), "Fetch v3: " + handlerThreads);
    }

    @Test
    void aConsumerFetchParkedByItsHandlerOnTheNetworkThreadIsAnsweredBeforeTheRequestsAfterIt() throws Exception {
        start();
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            client.sendRequest(ApiKey.FETCH, FETCH_VERSION, 1, fetch(-1, 200, 1)); // answered 200 ms later
            client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 2, heartbeat());
            client.sendRequest(ApiKey.FETCH, FETCH_VERSION, 3, fetch(-1, 0, 1));
            for (int i = 1; i <= 3; i++) {
                assertEquals(i, ResponseHeader.read(client.readFrame(), (short) 1).correlationId());
            }
        }
        assertTrue(handlerThreads.get(0).startsWith("gregor-network"), handlerThreads.toString());
        assertEquals(List.of(1, 2, 3), invoked);
    }

    /** Sends one request on a new connection and reads its answer. */
    private void exchange(int correlationId, short version, Struct request) throws Exception {
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            client.sendRequest(ApiKey.FETCH, version, correlationId, request);
            assertEquals(correlationId, ResponseHeader.read(client.readFrame(), (short) (version >= 12 ? 1 : 0))
                    .correlationId());
        }
    }

    @Test
    void pipelinedConsumerFetchesAndOtherRequestsAreHandledOneAtATimeAndAnsweredInRequestOrder() throws Exception {
        start();
        int count = 300;
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            for (int i = 0; i < count; i++) {
                if (i % 3 == 0) {
                    client.sendRequest(ApiKey.HEARTBEAT, (short) 4, i, heartbeat());
                } else {
                    // every fifth fetch parks for a moment and is answered from another thread
                    client.sendRequest(ApiKey.FETCH, FETCH_VERSION, i, fetch(-1, i % 5 == 0 ? 20 : 0, 1));
                }
            }
            for (int i = 0; i < count; i++) {
                ByteBuffer frame = client.readFrame();
                assertEquals(i, ResponseHeader.read(frame, (short) 1).correlationId()); // both APIs flexible here
            }
        }
        assertEquals(IntStream.range(0, count).boxed().toList(), invoked);
        assertEquals(1, maxActive.get(), "handlers of one connection overlapped");
    }
}
