package io.gregor.coordination.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.coordination.ZooKeeperFixture;
import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker's ephemeral registration against a real ZooKeeper, across crashes and session expiry. */
class BrokerRegistrationTest extends ZooKeeperTestBase {


    private static BrokerInfo broker(int id) {
        return BrokerInfo.of(id, List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 9092 + id, "PLAINTEXT")),
                "rack-" + id, -1, Map.of(), System.currentTimeMillis());
    }

    private Stat registrationStat(int id) throws Exception {
        return zk.curator().checkExists().forPath(zk.paths().brokerId(id));
    }

    @Test
    void registrationIsAnEphemeralZnodeWithKafkasJson() throws Exception {
        try (BrokerRegistration registration = new BrokerRegistration(zk, broker(1), e -> { })) {
            registration.start();
            Stat stat = registrationStat(1);
            assertEquals(zk.sessionId(), stat.getEphemeralOwner());
            assertEquals(zk.sessionId(), registration.registeredSessionId());
            JsonNode json = new ObjectMapper().readTree(zk.curator().getData().forPath(chroot + "/brokers/ids/1"));
            assertEquals(5, json.get("version").intValue());
            assertEquals("127.0.0.1", json.get("host").textValue());
            assertEquals(9093, json.get("port").intValue());
            assertEquals("PLAINTEXT://127.0.0.1:9093", json.get("endpoints").get(0).textValue());
            assertEquals("PLAINTEXT", json.get("listener_security_protocol_map").get("PLAINTEXT").textValue());
            assertEquals("rack-1", json.get("rack").textValue());
            assertTrue(json.get("timestamp").isTextual());
            assertEquals(List.of(1), zk.getBrokerIds());
            assertEquals(broker(1).endpoints(), zk.getAllBrokers().get(0).endpoints());
        }
        assertNull(registrationStat(1), "a clean close deregisters at once");
    }

    @Test
    void registrationIsRecreatedAfterTheSessionExpires() throws Exception {
        GregorZkClient brokerZk = fixture.client(chroot);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (BrokerRegistration registration = new BrokerRegistration(brokerZk, broker(2), failures::add)) {
            registration.start();
            long firstSession = registrationStat(2).getEphemeralOwner();

            fixture.expireSession(brokerZk.curator());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Stat stat = registrationStat(2);
                assertNotNull(stat, "re-registered");
                assertNotEquals(firstSession, stat.getEphemeralOwner());
                assertEquals(brokerZk.sessionId(), stat.getEphemeralOwner());
                assertEquals(brokerZk.sessionId(), registration.registeredSessionId());
            });
            assertTrue(failures.isEmpty(), failures.toString());
        }
    }

    @Test
    void staleRegistrationOfACrashedSessionIsWaitedOut() throws Exception {
        ZooKeeper crashed = fixture.rawSession(1_000);
        String path = zk.paths().brokerId(3);
        crashed.create(path, broker(3).toJson(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long staleOwner = crashed.getSessionId();
        ZooKeeperFixture.crash(crashed);
        assertEquals(staleOwner, registrationStat(3).getEphemeralOwner(), "the server still holds the crashed session's znode");

        try (BrokerRegistration registration = new BrokerRegistration(zk, broker(3), e -> { })) {
            registration.start();
            assertEquals(zk.sessionId(), registrationStat(3).getEphemeralOwner());
        }
    }

    /** A crashed process's registration of broker {@code id} at {@code endpoint}; returns its session id. */
    private long leaveStaleRegistration(int id, EndPoint endpoint, int sessionTimeoutMs) throws Exception {
        ZooKeeper crashed = fixture.rawSession(sessionTimeoutMs);
        BrokerInfo previous = BrokerInfo.of(id, List.of(endpoint), null, -1, Map.of(), System.currentTimeMillis());
        crashed.create(zk.paths().brokerId(id), previous.toJson(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long owner = crashed.getSessionId();
        ZooKeeperFixture.crash(crashed);
        return owner;
    }

    private static ServerSocket listenerOnLoopback() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static EndPoint endpointOf(ServerSocket socket) {
        return new EndPoint("PLAINTEXT", "127.0.0.1", socket.getLocalPort(), "PLAINTEXT");
    }

    private static HeldEndpoints heldBy(ServerSocket socket, EndPoint advertised) {
        return HeldEndpoints.of(List.of(advertised), name -> (InetSocketAddress) socket.getLocalSocketAddress());
    }

    @Test
    void staleRegistrationWithOurEndpointsIsReplacedAtOnceWhenThisProcessHoldsThem() throws Exception {
        try (ServerSocket listener = listenerOnLoopback()) {
            EndPoint endpoint = endpointOf(listener);
            long staleOwner = leaveStaleRegistration(6, endpoint, 5_000);
            long staleEpoch = registrationStat(6).getCzxid();
            BrokerInfo restarted = BrokerInfo.of(6, List.of(endpoint), null, -1, Map.of(), System.currentTimeMillis());

            long start = System.nanoTime();
            try (BrokerRegistration registration = new BrokerRegistration(zk, restarted, heldBy(listener, endpoint), e -> { })) {
                registration.start();
                long tookMs = (System.nanoTime() - start) / 1_000_000;

                Stat stat = registrationStat(6);
                assertEquals(zk.sessionId(), stat.getEphemeralOwner());
                assertNotEquals(staleEpoch, stat.getCzxid(), "a new broker epoch, which the controller sees as a bounce");
                assertEquals(stat.getCzxid(), registration.brokerEpoch());
                assertEquals(staleOwner, registration.replacedSessionId());
                assertTrue(tookMs < 2_000, "replaced in " + tookMs + " ms, not after the stale session's 5 s timeout");
            }
        }
    }

    @Test
    void staleRegistrationWithOtherEndpointsIsStillWaitedOut() throws Exception {
        try (ServerSocket listener = listenerOnLoopback(); ServerSocket elsewhere = listenerOnLoopback()) {
            EndPoint ours = endpointOf(listener);
            leaveStaleRegistration(7, endpointOf(elsewhere), 4_000);
            BrokerInfo restarted = BrokerInfo.of(7, List.of(ours), null, -1, Map.of(), System.currentTimeMillis());

            long start = System.nanoTime();
            try (BrokerRegistration registration = new BrokerRegistration(zk, restarted, heldBy(listener, ours), e -> { })) {
                registration.start();
                long waitedMs = (System.nanoTime() - start) / 1_000_000;

                assertEquals(zk.sessionId(), registrationStat(7).getEphemeralOwner());
                assertEquals(0, registration.replacedSessionId(), "nothing replaced");
                assertTrue(waitedMs >= 2_500, "waited only " + waitedMs + " ms; the stale session lives about 4 s");
            }
        }
    }

    @Test
    void staleRegistrationWithOurEndpointsIsWaitedOutWhenThisProcessDoesNotHoldThem() throws Exception {
        try (ServerSocket listener = listenerOnLoopback()) {
            EndPoint endpoint = endpointOf(listener);
            leaveStaleRegistration(8, endpoint, 4_000);
            BrokerInfo restarted = BrokerInfo.of(8, List.of(endpoint), null, -1, Map.of(), System.currentTimeMillis());

            long start = System.nanoTime();
            try (BrokerRegistration registration = new BrokerRegistration(zk, restarted, HeldEndpoints.NONE, e -> { })) {
                registration.start();
                long waitedMs = (System.nanoTime() - start) / 1_000_000;

                assertEquals(0, registration.replacedSessionId());
                assertTrue(waitedMs >= 2_500, "waited only " + waitedMs + " ms; the stale session lives about 4 s");
            }
        }
    }

    @Test
    void registrationDeletedByAnotherSessionWhileOursLivesIsMadeAgain() throws Exception {
        GregorZkClient brokerZk = fixture.client(chroot);
        try (BrokerRegistration registration = new BrokerRegistration(brokerZk, broker(9), e -> { })) {
            registration.start();
            long firstEpoch = registration.brokerEpoch();

            zk.curator().delete().forPath(zk.paths().brokerId(9));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Stat stat = registrationStat(9);
                assertNotNull(stat, "registered again");
                assertEquals(brokerZk.sessionId(), stat.getEphemeralOwner());
                assertNotEquals(firstEpoch, stat.getCzxid());
            });
        }
    }

    @Test
    void existingRegistrationOfOurOwnSessionIsKept() throws Exception {
        zk.curator().create().withMode(CreateMode.EPHEMERAL).forPath(zk.paths().brokerId(4), broker(4).toJson());
        long czxid = registrationStat(4).getCzxid();
        try (BrokerRegistration registration = new BrokerRegistration(zk, broker(4), e -> { })) {
            registration.start();
            assertEquals(czxid, registrationStat(4).getCzxid(), "kept, not re-created");
        }
    }

    @Test
    void duplicateLiveBrokerIdFailsStartupAfterTheWait() throws Exception {
        GregorZkClient first = fixture.client(chroot, 1_500);
        GregorZkClient second = fixture.client(chroot, 1_500);
        try (BrokerRegistration live = new BrokerRegistration(first, broker(5), e -> { })) {
            live.start();
            BrokerRegistration duplicate = new BrokerRegistration(second, broker(5), e -> { });
            BrokerIdAlreadyRegisteredException e = assertThrows(BrokerIdAlreadyRegisteredException.class, duplicate::start);
            duplicate.close();
            assertEquals(5, e.brokerId());
            assertEquals(first.sessionId(), e.ownerSessionId());
            assertTrue(e.getMessage().contains("broker.id=5") && e.getMessage().contains("NodeExists"), e.getMessage());
            assertEquals(first.sessionId(), registrationStat(5).getEphemeralOwner(), "the live registration is untouched");
        }
    }

    @Test
    void aSecondStartIsRefusedAndTheRegistrationKeepsWorking() throws Exception {
        GregorZkClient brokerZk = fixture.client(chroot);
        try (BrokerRegistration registration = new BrokerRegistration(brokerZk, broker(6), e -> { })) {
            registration.start();
            long epoch = registration.brokerEpoch();
            IllegalStateException refused = assertThrows(IllegalStateException.class, registration::start);
            assertEquals("Registration of broker 6 cannot be started more than once", refused.getMessage());
            assertEquals(epoch, registrationStat(6).getCzxid(), "the refused start touched nothing");

            zk.curator().delete().forPath(zk.paths().brokerId(6));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Stat stat = registrationStat(6);
                assertNotNull(stat, "still re-registers after a refused start");
                assertEquals(brokerZk.sessionId(), stat.getEphemeralOwner());
            });
        }
        assertNull(registrationStat(6));
    }

    @Test
    void startAfterCloseIsRefusedAndRegistersNothing() throws Exception {
        BrokerRegistration registration = new BrokerRegistration(zk, broker(7), e -> { });
        registration.start();
        registration.close();
        registration.close(); // a second close does nothing
        assertEquals("Registration of broker 7 cannot be started after it was closed",
                assertThrows(IllegalStateException.class, registration::start).getMessage());
        assertNull(registrationStat(7));

        BrokerRegistration neverStarted = new BrokerRegistration(zk, broker(8), e -> { });
        neverStarted.close();
        assertThrows(IllegalStateException.class, neverStarted::start);
        assertNull(registrationStat(8));
    }
}
