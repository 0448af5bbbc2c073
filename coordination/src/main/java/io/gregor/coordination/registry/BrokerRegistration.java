package io.gregor.coordination.registry;

import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkOperationException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps this broker's ephemeral {@code /brokers/ids/<id>} registration alive for as long as the
 * broker runs, across ZooKeeper session expiries.
 *
 * <ul>
 *   <li>At {@link #start()}, if the znode exists: kept when its ephemeral owner is our own session;
 *       otherwise (a previous session of this broker that has not expired yet, or another process)
 *       waited on until it disappears, at most one session timeout (plus half a second, as the
 *       server expires sessions on tick boundaries), then
 *       {@link BrokerIdAlreadyRegisteredException}.</li>
 *   <li>After every reconnection (in particular after a session expiry, when the server has deleted
 *       the old ephemeral), the registration is checked and re-created under the new session with a
 *       fresh timestamp, using the same rule. Failures go to the error handler given at construction.</li>
 * </ul>
 *
 * <p>{@link #start()} blocks; re-registration runs on this object's own thread, never on Curator's
 * event thread. Thread-safe.
 */
public final class BrokerRegistration implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistration.class);
    /** Upper bound of one wait on the deletion watch before re-checking the znode. */
    private static final long RECHECK_MS = 500;

    private final GregorZkClient zk;
    private final BrokerInfo info;
    private final String path;
    private final Consumer<Throwable> reRegistrationFailureHandler;
    private final ExecutorService worker;
    private final ConnectionStateListener connectionListener = this::onConnectionStateChanged;
    /** Session that owns our znode, or 0 when not registered; written only by register(). */
    private volatile long registeredSession;
    /** The czxid (broker epoch) of our znode, or -1 when not registered yet; written only by register(). */
    private volatile long brokerEpoch = -1;
    private volatile boolean closed;

    /**
     * @param reRegistrationFailureHandler told when re-registration after a reconnect fails (e.g.
     *        another process took the id); the broker should then shut down
     */
    public BrokerRegistration(GregorZkClient zk, BrokerInfo info, Consumer<Throwable> reRegistrationFailureHandler) {
        this.zk = zk;
        this.info = info;
        this.path = zk.paths().brokerId(info.brokerId());
        this.reRegistrationFailureHandler = reRegistrationFailureHandler;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "broker-registration-" + info.brokerId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers the broker, waiting out a stale registration as described above, and from then on
     * re-registers after reconnections. Blocks for up to one session timeout.
     *
     * @throws BrokerIdAlreadyRegisteredException if another live session holds the broker id
     */
    public void start() {
        zk.ensurePath(zk.paths().brokerIds());
        zk.curator().getConnectionStateListenable().addListener(connectionListener);
        try {
            register();
        } catch (RuntimeException e) {
            zk.curator().getConnectionStateListenable().removeListener(connectionListener);
            throw e;
        }
    }

    public BrokerInfo info() {
        return info;
    }

    /**
     * This broker's broker epoch: the czxid of the {@code /brokers/ids/<id>} znode it created or
     * confirmed last (a re-registration after a session expiry gives a new one), -1 before the first.
     */
    public long brokerEpoch() {
        return brokerEpoch;
    }

    /** The ZooKeeper session that owns the registration, 0 if none yet. */
    public long registeredSessionId() {
        return registeredSession;
    }

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState state) {
        if (closed) {
            return;
        }
        if (state == ConnectionState.LOST) {
            log.warn("ZooKeeper session of broker {} lost; its registration will be re-created on reconnect", info.brokerId());
        } else if (state == ConnectionState.RECONNECTED) {
            worker.execute(() -> {
                try {
                    if (!closed) {
                        register();
                    }
                } catch (Throwable t) {
                    log.error("Re-registering broker {} at {} failed", info.brokerId(), path, t);
                    reRegistrationFailureHandler.accept(t);
                }
            });
        }
    }

    /** Creates the ephemeral znode under the current session, or confirms that it owns it already. */
    private synchronized void register() {
        CuratorFramework curator = zk.curator();
        long waitMs = zk.sessionTimeoutMs() + RECHECK_MS;
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (true) {
            long session = zk.sessionId();
            try {
                Stat stat = new Stat();
                curator.create().storingStatIn(stat).withMode(CreateMode.EPHEMERAL)
                        .forPath(path, info.withTimestamp(System.currentTimeMillis()).toJson());
                registeredSession = stat.getEphemeralOwner();
                brokerEpoch = stat.getCzxid();
                log.info("Registered broker {} at {} (session 0x{})", info.brokerId(), path, Long.toHexString(registeredSession));
                return;
            } catch (KeeperException.NodeExistsException exists) {
                CountDownLatch gone = new CountDownLatch(1);
                Stat existing = watchForDeletion(gone);
                if (existing == null) {
                    continue; // deleted between our create and the check
                }
                if (existing.getEphemeralOwner() == session) {
                    registeredSession = session;
                    brokerEpoch = existing.getCzxid();
                    log.info("Broker {} is already registered at {} by our session 0x{}; keeping it",
                            info.brokerId(), path, Long.toHexString(session));
                    return;
                }
                long remainingNs = deadline - System.nanoTime();
                if (remainingNs <= 0) {
                    throw new BrokerIdAlreadyRegisteredException(info.brokerId(), path, existing.getEphemeralOwner(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
                log.info("Broker {}: {} is held by session 0x{}; waiting up to {} ms for it to expire",
                        info.brokerId(), path, Long.toHexString(existing.getEphemeralOwner()),
                        TimeUnit.NANOSECONDS.toMillis(remainingNs));
                awaitQuietly(gone, Math.min(TimeUnit.NANOSECONDS.toMillis(remainingNs), RECHECK_MS));
            } catch (BrokerIdAlreadyRegisteredException e) {
                throw e;
            } catch (Exception e) {
                throw wrap(e);
            }
        }
    }

    private Stat watchForDeletion(CountDownLatch gone) {
        CuratorWatcher watcher = event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                gone.countDown();
            }
        };
        try {
            return zk.curator().checkExists().usingWatcher(watcher).forPath(path);
        } catch (Exception e) {
            throw wrap(e);
        }
    }

    private RuntimeException wrap(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return e instanceof RuntimeException r ? r
                : new ZkOperationException("Registering broker " + info.brokerId() + " at " + path + " failed", e);
    }

    private static void awaitQuietly(CountDownLatch latch, long timeoutMs) {
        try {
            latch.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkOperationException("Interrupted while waiting for a stale broker registration to expire", e);
        }
    }

    /**
     * Stops re-registering and deletes the registration if our current session owns it (a clean
     * shutdown makes the broker disappear at once instead of after the session timeout).
     */
    @Override
    public void close() {
        closed = true;
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
        worker.shutdownNow();
        try {
            Stat stat = zk.curator().checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == zk.sessionId()) {
                zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
                log.info("Deregistered broker {} from {}", info.brokerId(), path);
            }
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
            // already gone or replaced: nothing of ours to remove
        } catch (Exception e) {
            log.warn("Could not delete registration {} of broker {} on close", path, info.brokerId(), e);
        }
    }
}
