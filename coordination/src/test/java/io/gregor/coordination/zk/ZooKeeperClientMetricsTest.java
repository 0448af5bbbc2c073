package io.gregor.coordination.zk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.gregor.coordination.ZooKeeperFixture;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kafka's ZooKeeper client metrics, recorded by a client on a real ZooKeeper server. */
class ZooKeeperClientMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private ZooKeeperFixture fixture;
    private GregorZkClient zk;
    private final MetricRegistry registry = new MetricRegistry();

    @BeforeEach
    void start() throws Exception {
        fixture = new ZooKeeperFixture();
        zk = fixture.client(fixture.newChroot());
        zk.registerMetrics(registry);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theFirstConnectionIsCountedAndTheSessionStateIsConnected() {
        assertEquals(1, meter("ZooKeeperSyncConnectsPerSec").getCount());
        assertEquals(0, meter("ZooKeeperExpiresPerSec").getCount());
        assertEquals("CONNECTED", sessionState());
    }

    @Test
    void requestLatencyCountRisesWithEveryOperation() {
        Histogram latency = registry.histogram(ZooKeeperClientMetrics.REQUEST_LATENCY);
        long before = latency.getCount();
        for (int i = 0; i < 5; i++) {
            zk.ensurePath("/latency/n" + i);
        }
        zk.sync("/latency");
        // each ensurePath is at least an exists and a create; the background sync is one more
        assertTrue(latency.getCount() >= before + 11, "count " + latency.getCount() + " after " + before);
        assertTrue(latency.getSnapshot().getMax() < 10_000, "latencies are milliseconds");
    }

    @Test
    void aForcedSessionExpiryMarksExpiresAndTheClientReconnects() throws Exception {
        fixture.expireSession(zk.curator());
        await("ZooKeeperExpiresPerSec marked").atMost(WAIT).until(() -> meter("ZooKeeperExpiresPerSec").getCount() == 1);
        await("a new session").atMost(WAIT).until(() -> "CONNECTED".equals(sessionState())
                && meter("ZooKeeperSyncConnectsPerSec").getCount() >= 2);
    }

    @Test
    void aLostServerMarksDisconnectsAndTheStateFollowsTheConnection() throws Exception {
        fixture.stopServer();
        await("ZooKeeperDisconnectsPerSec marked").atMost(WAIT)
                .until(() -> meter("ZooKeeperDisconnectsPerSec").getCount() >= 1);
        await("the handle reconnecting").atMost(WAIT).until(() -> "CONNECTING".equals(sessionState()));
        fixture.restartServer();
        await("reconnected").atMost(WAIT).until(() -> "CONNECTED".equals(sessionState())
                && meter("ZooKeeperSyncConnectsPerSec").getCount() >= 2);
    }

    @Test
    void aClientAroundAForeignCuratorRefusesToRegisterMetrics() throws Exception {
        try (CuratorFramework curator = CuratorFrameworkFactory.newClient(fixture.connectString(), new RetryOneTime(100))) {
            curator.start();
            GregorZkClient wrapped = new GregorZkClient(curator, ZkPaths.fromConnectString(fixture.connectString()));
            assertThrows(IllegalStateException.class, () -> wrapped.registerMetrics(new MetricRegistry()));
        }
    }

    private Meter meter(String name) {
        return registry.meter(ZooKeeperClientMetrics.SESSION_PREFIX + name);
    }

    @SuppressWarnings("unchecked")
    private String sessionState() {
        return ((Gauge<String>) registry.getGauges().get(ZooKeeperClientMetrics.SESSION_STATE)).getValue();
    }
}
