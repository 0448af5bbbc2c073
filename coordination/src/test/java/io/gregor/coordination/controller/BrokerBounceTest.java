package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.coordination.ZooKeeperFixture;
import io.gregor.coordination.admin.NewTopic;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.TopicPartition;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast restart as the controller sees it: a broker restarted after kill -9 replaces its previous
 * session's registration at once when it holds the endpoints it names (else waits it out), and a
 * broker whose session expires re-registers; either way the new broker epoch is a bounce (leave +
 * arrive), and the broker gets its LeaderAndIsr again.
 */
class BrokerBounceTest extends ControllerTestBase {

    private static final TopicPartition TP = new TopicPartition("t", 0);

    private boolean gotLeaderAndIsrFor(FakeBroker broker, long brokerEpoch) {
        return broker.received(ApiKey.LEADER_AND_ISR).stream()
                .filter(r -> r.getLong(LeaderAndIsrRequest.BROKER_EPOCH) == brokerEpoch)
                .map(r -> partitionState(r, "t", 0)).anyMatch(Optional::isPresent);
    }

    @Test
    void sessionExpiryWhileRunningIsABounceAndTheBrokerGetsLeaderAndIsrAgain() throws Exception {
        FakeBroker bounced = broker(1);
        broker(2);
        controller(9);
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2)), Map.of()), false);
        awaitState(TP, s -> s.leader() == 1);
        long firstEpoch = zk.getBrokerEpoch(1).orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> gotLeaderAndIsrFor(bounced, firstEpoch));

        fixture.expireSession(bounced.zk().curator());

        long secondEpoch = await().atMost(Duration.ofSeconds(20)).until(() -> zk.getBrokerEpoch(1).orElse(firstEpoch),
                epoch -> epoch != firstEpoch);
        awaitState(TP, s -> s.leader() == 2 && !s.isr().contains(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> gotLeaderAndIsrFor(bounced, secondEpoch));
        Struct update = await().atMost(Duration.ofSeconds(10)).until(() -> bounced.received(ApiKey.UPDATE_METADATA)
                .stream().filter(r -> r.getLong(UpdateMetadataRequest.BROKER_EPOCH) == secondEpoch).findFirst(),
                        Optional::isPresent).orElseThrow();
        assertEquals(2, update.getStructs(UpdateMetadataRequest.LIVE_BROKERS).size());
    }

    @Test
    void brokerRestartedAfterKillWaitsForItsStaleRegistrationThenRejoins() throws Exception {
        broker(2);
        controller(9);
        ZooKeeper killed = fixture.rawSession(1_000);
        BrokerInfo previous = BrokerInfo.of(1, List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 1, "PLAINTEXT")),
                null, -1, Map.of(), System.currentTimeMillis());
        killed.create(zk.paths().brokerId(1), previous.toJson(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long staleEpoch = zk.getBrokerEpoch(1).orElseThrow();
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2)), Map.of()), false);
        awaitState(TP, s -> s.leader() == 1);
        ZooKeeperFixture.crash(killed);

        long start = System.nanoTime();
        FakeBroker restarted = broker(1);
        long waitedMs = (System.nanoTime() - start) / 1_000_000;

        long newEpoch = zk.getBrokerEpoch(1).orElseThrow();
        assertNotEquals(staleEpoch, newEpoch);
        assertEquals(restarted.zk().sessionId(),
                zk.curator().checkExists().forPath(zk.paths().brokerId(1)).getEphemeralOwner());
        assertTrue(waitedMs <= restarted.zk().sessionTimeoutMs() + 1_500,
                "waited " + waitedMs + " ms, more than one session timeout");
        await().atMost(Duration.ofSeconds(15)).until(() -> gotLeaderAndIsrFor(restarted, newEpoch));
    }

    @Test
    void brokerRestartedOnItsOwnEndpointsReplacesItsStaleRegistrationAndIsABounce() throws Exception {
        broker(2);
        controller(9);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ZooKeeper killed = fixture.rawSession(5_000);
        BrokerInfo previous = BrokerInfo.of(1, List.of(new EndPoint("PLAINTEXT", "127.0.0.1", port, "PLAINTEXT")),
                null, -1, Map.of(), System.currentTimeMillis());
        killed.create(zk.paths().brokerId(1), previous.toJson(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long staleEpoch = zk.getBrokerEpoch(1).orElseThrow();
        new TopicAdmin(zk, 1, (short) 1).createTopic(new NewTopic("t", -1, (short) -1,
                Map.of(0, List.of(1, 2)), Map.of()), false);
        awaitState(TP, s -> s.leader() == 1);
        ZooKeeperFixture.crash(killed);

        long start = System.nanoTime();
        FakeBroker restarted = new FakeBroker(1, fixture.client(chroot), null, 0, port, true);
        toClose.add(restarted);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        long newEpoch = zk.getBrokerEpoch(1).orElseThrow();
        assertNotEquals(staleEpoch, newEpoch);
        assertTrue(tookMs < 2_000, "registered after " + tookMs + " ms; the stale session lasts 5 s");
        awaitState(TP, s -> s.leader() == 2 && !s.isr().contains(1)); // the old epoch left: a bounce
        await().atMost(Duration.ofSeconds(10)).until(() -> gotLeaderAndIsrFor(restarted, newEpoch));
    }
}
