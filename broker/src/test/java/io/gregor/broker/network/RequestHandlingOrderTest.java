package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.coordination.zk.EndPoint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pipelined requests of one connection reach their handlers one at a time and in request order,
 * even with several request-handler threads (pipelined Produce requests must append in order).
 */
class RequestHandlingOrderTest {
    @Test
    void handlersOfOneConnectionRunOneAtATimeInRequestOrder() throws Exception {
        List<Integer> invoked = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            invoked.add(request.getInt(HeartbeatRequest.GENERATION_ID));
            long busyUntil = System.nanoTime() + 200_000; // a little work, so overlapping calls would show
            while (System.nanoTime() < busyUntil) {
                Thread.onSpinWait();
            }
            active.decrementAndGet();
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.THROTTLE_TIME_MS, 0).set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code()));
        });
        SocketServer server = new SocketServer(new SocketServerSettings(
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")), 64 * 1024, 4, 1, -1, 5_000), registry);
        server.startup();
        int count = 300;
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            for (int i = 0; i < count; i++) {
                client.sendRequest(ApiKey.HEARTBEAT, (short) 4, i, ApiMessages.request(ApiKey.HEARTBEAT).newStruct()
                        .set(HeartbeatRequest.GROUP_ID, "g").set(HeartbeatRequest.GENERATION_ID, i)
                        .set(HeartbeatRequest.MEMBER_ID, "m"));
            }
            for (int i = 0; i < count; i++) {
                ByteBuffer frame = client.readFrame();
                assertEquals(i, ResponseHeader.read(frame, (short) 1).correlationId());
            }
        } finally {
            server.shutdown();
        }
        assertEquals(IntStream.range(0, count).boxed().toList(), invoked);
        assertEquals(1, maxActive.get(), "handlers of one connection overlapped");
    }
}
