package io.gregor.coordination;

import io.gregor.coordination.zk.GregorZkClient;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real ZooKeeper server (Curator's TestingServer) on 127.0.0.1 with a short tick (250 ms, so
 * sessions of 0.5 to 5 s), plus clients that each test gets under its own chroot, and tools to end
 * sessions the way crashes and expiries do. One per test class; {@link #close()} closes everything.
 */
public final class ZooKeeperFixture implements Closeable {

    public static final int TICK_MS = 250;
    public static final int SESSION_TIMEOUT_MS = 4_000;
    private static final AtomicInteger CHROOTS = new AtomicInteger();

    private final TestingServer server;
    private final List<Closeable> opened = new ArrayList<>();

    public ZooKeeperFixture() throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MS, -1,
                Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
        server = new TestingServer(spec, true);
    }

    public String connectString() {
        return server.getConnectString();
    }

    /** A fresh chroot path, so tests sharing a server never see each other's znodes. */
    public String newChroot() {
        return "/test" + CHROOTS.incrementAndGet();
    }

    /** A connected client under {@code chroot}, closed with the fixture. */
    public synchronized GregorZkClient client(String chroot, int sessionTimeoutMs) {
        GregorZkClient client = GregorZkClient.connect(connectString() + chroot, sessionTimeoutMs, 10_000);
        opened.add(client);
        return client;
    }

    public GregorZkClient client(String chroot) {
        return client(chroot, SESSION_TIMEOUT_MS);
    }

    /**
     * Ends a client's session on the server, as an expiry does: a second handle joins the same
     * session (id and password) and closes it, so the server deletes the session's ephemerals and
     * the original client sees Expired and builds a new session.
     */
    public void expireSession(CuratorFramework curator) throws Exception {
        ZooKeeper original = curator.getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(connectString(), SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, original.getSessionId(), original.getSessionPasswd());
        try {
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Twin handle did not connect to session 0x" + Long.toHexString(original.getSessionId()));
            }
        } finally {
            twin.close();
        }
    }

    /**
     * A raw ZooKeeper handle with its own session, connected. {@link #crash(ZooKeeper)} drops it
     * without telling the server, like a killed process.
     */
    public synchronized ZooKeeper rawSession(int sessionTimeoutMs) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString(), sessionTimeoutMs, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("Raw ZooKeeper session did not connect");
        }
        opened.add(() -> {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return zk;
    }

    /** Stops the server (clients see Disconnected); {@link #restartServer()} brings it back on the same port. */
    public void stopServer() throws java.io.IOException {
        server.stop();
    }

    public void restartServer() throws Exception {
        server.restart();
    }

    /** Drops the connection without closing the session: the server keeps its ephemerals until it expires. */
    public static void crash(ZooKeeper zk) {
        zk.getTestable().injectSessionExpiration();
    }

    @Override
    public synchronized void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception | Error ignored) {
                // best effort: the server goes away next
            }
        }
        try {
            server.close();
        } catch (Exception ignored) {
            // temp dir removal failures do not matter to tests
        }
    }
}
