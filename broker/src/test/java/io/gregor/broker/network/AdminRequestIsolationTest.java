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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Admin requests that may block on ZooKeeper run on their own threads: however many of them
 * hang, other requests are answered at once; and one connection's requests still run in order
 * when they alternate between the two kinds of threads.
 */
class AdminRequestIsolationTest {
    private final CountDownLatch adminMayFinish = new CountDownLatch(1);
    private final List<String> invoked = Collections.synchronizedList(new ArrayList<>());
    private SocketServer server;

    private void start(int ioThreads) throws Exception {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.DESCRIBE_CONFIGS, (ctx, request) -> {
            invoked.add("describe-" + ctx.correlationId());
            try {
                adminMayFinish.await(30, TimeUnit.SECONDS); // a ZooKeeper read that hangs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.DESCRIBE_CONFIGS).newStruct());
        });
        registry.register(ApiKey.HEARTBEAT, (ctx, request) -> {
            invoked.add("heartbeat-" + ctx.correlationId());
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.ERROR_CODE, Errors.NONE.code()));
        });
        server = new SocketServer(new SocketServerSettings(List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")),
                64 * 1024, ioThreads, 2, -1, 5_000), registry);
        server.startup();
    }

    @AfterEach
    void stop() {
        adminMayFinish.countDown();
        if (server != null) {
            server.shutdown();
        }
    }

    private static Struct heartbeat() {
        return ApiMessages.request(ApiKey.HEARTBEAT).newStruct().set(HeartbeatRequest.GROUP_ID, "g")
                .set(HeartbeatRequest.MEMBER_ID, "m");
    }

    private static Struct describeConfigs() {
        return ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct();
    }

    @Test
    void requestsAreAnsweredWhileMoreAdminRequestsHangThanThereAreRequestThreads() throws Exception {
        start(4);
        List<RawClient> admins = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                RawClient admin = new RawClient(server.boundAddress("PLAINTEXT"));
                admins.add(admin);
                admin.sendRequest(ApiKey.DESCRIBE_CONFIGS, (short) 4, i, describeConfigs());
            }
            try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
                for (int i = 0; i < 20; i++) {
                    client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 100 + i, heartbeat());
                    ByteBuffer frame = client.readFrame(); // 10 s read timeout: fails if stuck behind the admins
                    assertEquals(100 + i, ResponseHeader.read(frame, (short) 1).correlationId());
                }
            }
        } finally {
            adminMayFinish.countDown();
            for (RawClient admin : admins) {
                admin.close();
            }
        }
    }

    @Test
    void oneConnectionsRequestsRunInOrderAcrossTheTwoKindsOfThreads() throws Exception {
        start(4);
        try (RawClient client = new RawClient(server.boundAddress("PLAINTEXT"))) {
            client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 1, heartbeat());
            client.sendRequest(ApiKey.DESCRIBE_CONFIGS, (short) 4, 2, describeConfigs());
            client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 3, heartbeat());
            client.sendRequest(ApiKey.HEARTBEAT, (short) 4, 4, heartbeat());
            org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> invoked.size() >= 2);
            // the heartbeats after the hanging DescribeConfigs wait for it, though their threads are free
            org.awaitility.Awaitility.await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS)
                    .until(() -> invoked.size() == 2);
            adminMayFinish.countDown();
            for (int i = 1; i <= 4; i++) {
                assertEquals(i, ResponseHeader.read(client.readFrame(), (short) 1).correlationId());
            }
        }
        assertEquals(List.of("heartbeat-1", "describe-2", "heartbeat-3", "heartbeat-4"), invoked);
    }
}
