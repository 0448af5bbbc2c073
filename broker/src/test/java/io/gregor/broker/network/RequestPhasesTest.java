package io.gregor.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.coordination.zk.EndPoint;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The socket server measures each request's phases as Kafka's request metrics define them: the
 * handler's own work is local time, the wait for an answer it completes later (a purgatory) is
 * remote time, and a request waiting behind its connection's earlier one is queue time; the
 * response's ThrottleTimeMs and the request's size come along.
 */
class RequestPhasesTest {
    private static final long LOCAL_MS = 150;
    private static final long REMOTE_MS = 250;

    /** Records every request's phases; counts handler idle time. */
    private static final class Capture implements RequestObserver {
        final BlockingQueue<RequestTimes> times = new LinkedBlockingQueue<>();
        final AtomicLong idleNanos = new AtomicLong();

        @Override
        public Stats statsFor(ApiKey api, short version, Struct request) {
            return api == ApiKey.HEARTBEAT ? times::add : Stats.NONE;
        }

        @Override
        public void handlerIdle(long nanosPerThread) {
            idleNanos.addAndGet(nanosPerThread);
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void handlerWorkIsLocalTimeALaterAnswerIsRemoteTimeAndWaitingBehindTheConnectionIsQueueTime() throws Exception {
        ScheduledExecutorService purgatory = Executors.newSingleThreadScheduledExecutor();
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> {
            long busyUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCAL_MS);
            while (System.nanoTime() < busyUntil) {
                Thread.onSpinWait();
            }
            CompletableFuture<Struct> answer = new CompletableFuture<>();
            purgatory.schedule(() -> answer.complete(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.THROTTLE_TIME_MS, 7).set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code())),
                    REMOTE_MS, TimeUnit.MILLISECONDS);
            return answer;
        });
        Capture capture = new Capture();
        SocketServer server = new SocketServer(new SocketServerSettings(
                List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")), 64 * 1024, 2, 1, -1, 5_000),
                registry, java.util.Map.of(), io.gregor.broker.security.SaslServerSide.NONE, capture);
        server.startup();
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            for (int i = 0; i < 2; i++) { // pipelined: the second waits for the first's handler
                client.sendRequest(ApiKey.HEARTBEAT, (short) 4, i, ApiMessages.request(ApiKey.HEARTBEAT).newStruct()
                        .set(HeartbeatRequest.GROUP_ID, "g").set(HeartbeatRequest.GENERATION_ID, i)
                        .set(HeartbeatRequest.MEMBER_ID, "m"));
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(i, ResponseHeader.read(client.readFrame(), (short) 1).correlationId());
            }
            RequestTimes first = capture.times.poll(10, TimeUnit.SECONDS);
            RequestTimes second = capture.times.poll(10, TimeUnit.SECONDS);
            assertNotNull(first);
            assertNotNull(second);
            for (RequestTimes t : List.of(first, second)) {
                assertTrue(t.receivedNanos() <= t.dequeuedNanos() && t.dequeuedNanos() <= t.localDoneNanos()
                        && t.localDoneNanos() <= t.responseDoneNanos() && t.responseDoneNanos() <= t.responseDequeuedNanos()
                        && t.responseDequeuedNanos() <= t.sentNanos(), "phases in order: " + t);
                long local = ms(t.localDoneNanos() - t.dequeuedNanos());
                long remote = ms(t.responseDoneNanos() - t.localDoneNanos());
                assertTrue(local >= LOCAL_MS && local < LOCAL_MS + REMOTE_MS, "local " + local + " ms: " + t);
                assertTrue(remote >= REMOTE_MS - 10 && remote < REMOTE_MS + LOCAL_MS, "remote " + remote + " ms: " + t);
                assertEquals(7, t.throttleTimeMs());
                assertTrue(t.requestBytes() > 0);
            }
            long firstQueued = first.dequeuedNanos() - first.receivedNanos();
            long secondQueued = second.dequeuedNanos() - second.receivedNanos();
            assertTrue(ms(secondQueued) >= LOCAL_MS - 10 && secondQueued > firstQueued,
                    "the second waits for the first's handler: " + first + ", " + second);
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> capture.idleNanos.get() > 0);
            assertEquals(0, server.requestQueueSize());
            assertEquals(0, server.responseQueueSize());
        } finally {
            server.shutdown();
            purgatory.shutdownNow();
        }
    }
}
