package io.gregor.coordination.controller;

import io.gregor.coordination.ZooKeeperTestBase;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.coordination.zk.GregorZkClient;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The broker's early detector of a dead controller, against a real ZooKeeper and real sockets. */
class ControllerFailureDetectorTest extends ZooKeeperTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A loopback port nothing listens on (bound, then released), so connections to it are refused. */
    private static int refusingPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aSecondStartIsRefusedAndTheOneProbeLoopStillRemovesADeadControllersLatchNode() throws Exception {
        GregorZkClient deadZk = fixture.client(chroot);
        BrokerInfo dead = BrokerInfo.of(5, List.of(new EndPoint("PLAINTEXT", "127.0.0.1", refusingPort(), "PLAINTEXT")),
                null, -1, Map.of(), System.currentTimeMillis());
        // The registration a crashed controller leaves behind while its session lives on.
        deadZk.curator().create().withMode(CreateMode.EPHEMERAL).forPath(zk.paths().brokerId(5), dead.toJson());
        String latch = zk.paths().controllerLatch();
        zk.ensurePath(latch);
        deadZk.curator().create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(latch + "/_c_dead-latch-", "5".getBytes(StandardCharsets.UTF_8));

        try (ControllerFailureDetector detector = new ControllerFailureDetector(zk, 1, () -> Optional.of(5))) {
            detector.start(50);
            assertEquals("Controller failure detector of broker 1 cannot be started more than once",
                    assertThrows(IllegalStateException.class, () -> detector.start(50)).getMessage());
            await().atMost(WAIT).until(() -> zk.curator().getChildren().forPath(latch).isEmpty());
            await().atMost(WAIT).until(() -> zk.getBrokerIds().isEmpty());
        }
    }

    @Test
    void startAfterCloseIsRefused() {
        ControllerFailureDetector detector = new ControllerFailureDetector(zk, 1, Optional::empty);
        detector.close();
        detector.close(); // a second close does nothing
        assertEquals("Controller failure detector of broker 1 cannot be started after it was closed",
                assertThrows(IllegalStateException.class, () -> detector.start(50)).getMessage());
    }
}
