package io.gregor.coordination.registry;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkOperationException;
import io.gregor.coordination.zk.ZnodeParseException;
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
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps this broker's ephemeral {@code /brokers/ids/<id>} registration alive for as long as the
 * broker runs, across ZooKeeper session expiries.
 *
 * <ul>
 *   <li>At {@link #start()}, if the znode exists: kept when its ephemeral owner is our own session.
 *       Replaced at once when it names exactly our endpoints and this process
 *       {@linkplain HeldEndpoints holds} all of them: the process that registered it is gone (a
 *       restart after kill -9), so its session's expiry need not be waited for; see
 *       {@link StaleRegistrationReplacement}. Otherwise (other endpoints, another host, endpoints
 *       we do not hold) waited on, with a log line saying why, until it disappears, at most one
 *       session timeout (plus half a second, as the server expires sessions on tick boundaries),
 *       then {@link BrokerIdAlreadyRegisteredException}.</li>
 *   <li>After every reconnection (in particular after a session expiry, when the server has deleted
 *       the old ephemeral), and when our znode is deleted while our session lives (e.g. by another
 *       broker that took this one for a dead controller), the registration is checked and re-created
 *       under the current session with a fresh timestamp, using the same rule. Failures go to the
 *       error handler given at construction.</li>
 * </ul>
 *
 * <p>{@link #start()} blocks; re-registration runs on this object's own thread, never on Curator's
 * event thread. It starts once ({@link Lifecycle}): a second {@link #start()}, or one after
 * {@link #close()}, is refused with {@link IllegalStateException} and registers nothing; a second
 * close does nothing. Thread-safe.
 */
public final class BrokerRegistration implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(BrokerRegistration.class);
    /** Upper bound of one wait on the deletion watch before re-checking the znode. */
    private static final long RECHECK_MS = 500;

    private final GregorZkClient zk;
    private final BrokerInfo info;
    private final HeldEndpoints held;
    private final String path;
    private final Consumer<Throwable> reRegistrationFailureHandler;
    private final ExecutorService worker;
    private final ConnectionStateListener connectionListener = this::onConnectionStateChanged;
    /** Session that owns our znode, or 0 when not registered; written only by register(). */
    private volatile long registeredSession;
    /** Broker epoch (czxid) of our znode, or -1 when not registered; written only by register(). */
    private volatile long brokerEpoch = -1;
    /** The session whose registration this process replaced (proven dead), 0 if none; written only by register(). */
    private volatile long replacedSession;
    private final Lifecycle lifecycle;

    /** A registration that waits out every registration of another session (it holds no endpoint). */
    public BrokerRegistration(GregorZkClient zk, BrokerInfo info, Consumer<Throwable> reRegistrationFailureHandler) {
        this(zk, info, HeldEndpoints.NONE, reRegistrationFailureHandler);
    }

    /**
     * @param held                         the endpoints of {@code info} this process holds (bound
     *                                     listeners), the proof that allows replacing a stale registration
     * @param reRegistrationFailureHandler told when re-registration after a reconnect fails (e.g.
     *                                     another process took the id); the broker should then shut down
     */
    public BrokerRegistration(GregorZkClient zk, BrokerInfo info, HeldEndpoints held,
                              Consumer<Throwable> reRegistrationFailureHandler) {
        this.zk = zk;
        this.info = info;
        this.held = held;
        this.path = zk.paths().brokerId(info.brokerId());
        this.reRegistrationFailureHandler = reRegistrationFailureHandler;
        this.lifecycle = new Lifecycle("Registration of broker " + info.brokerId());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "broker-registration-" + info.brokerId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers the broker, replacing or waiting out a stale registration as described above, and
     * from then on re-registers after reconnections. Blocks for up to one session timeout.
     *
     * @throws BrokerIdAlreadyRegisteredException if another live session holds the broker id
     * @throws IllegalStateException               if already started or closed
     */
    public void start() {
        lifecycle.start();
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

    /**
     * The ZooKeeper session of a previous process of this broker whose registration was replaced
     * because that process was proven gone (its other ephemerals, e.g. its controller latch node,
     * are stale too), 0 if none was.
     */
    public long replacedSessionId() {
        return replacedSession;
    }

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState state) {
        if (!lifecycle.isStarted()) {
            return;
        }
        if (state == ConnectionState.LOST) {
            log.warn("ZooKeeper session of broker {} lost; its registration will be re-created on reconnect", info.brokerId());
        } else if (state == ConnectionState.RECONNECTED) {
            reRegister("reconnected to ZooKeeper");
        }
    }

    private void reRegister(String why) {
        try {
            worker.execute(() -> {
                try {
                    if (lifecycle.isStarted()) {
                        register();
                    }
                } catch (Throwable t) {
                    log.error("Re-registering broker {} at {} ({}) failed", info.brokerId(), path, why, t);
                    reRegistrationFailureHandler.accept(t);
                }
            });
        } catch (RejectedExecutionException afterClose) {
            // closed meanwhile: nothing to re-register
        }
    }

    /** Creates the ephemeral znode under the current session, or confirms that it owns it already. */
    private synchronized void register() {
        CuratorFramework curator = zk.curator();
        long waitMs = zk.sessionTimeoutMs() + RECHECK_MS;
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(waitMs);
        var reasonsLogged = new HashSet<String>();
        while (true) {
            long session = zk.sessionId();
            try {
                Stat stat = new Stat();
                curator.create().storingStatIn(stat).withMode(CreateMode.EPHEMERAL)
                        .forPath(path, info.withTimestamp(System.currentTimeMillis()).toJson());
                registered(stat);
                log.info("Registered broker {} at {} (session 0x{}, broker epoch {})", info.brokerId(), path,
                        Long.toHexString(registeredSession), brokerEpoch);
                return;
            } catch (KeeperException.NodeExistsException exists) {
                CountDownLatch gone = new CountDownLatch(1);
                Stat existing = new Stat();
                byte[] data = readWatchingForDeletion(existing, gone);
                if (data == null) {
                    continue; // deleted between our create and the check
                }
                if (existing.getEphemeralOwner() == session) {
                    registered(existing);
                    log.info("Broker {} is already registered at {} by our session 0x{}; keeping it",
                            info.brokerId(), path, Long.toHexString(session));
                    return;
                }
                String whyWait = reasonToWait(existing, data);
                if (whyWait == null) {
                    StaleRegistrationReplacement replacement = new StaleRegistrationReplacement(zk, path, info);
                    Stat replaced = replacement.replace(existing);
                    if (replaced != null) {
                        replacedSession = existing.getEphemeralOwner();
                        registered(replaced);
                        return;
                    }
                    continue; // it changed under us: look again
                }
                long remainingNs = deadline - System.nanoTime();
                if (remainingNs <= 0) {
                    throw new BrokerIdAlreadyRegisteredException(info.brokerId(), path, existing.getEphemeralOwner(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
                if (reasonsLogged.add(whyWait)) {
                    log.warn("Broker {}: {} is held by session 0x{} (broker epoch {}) and {}; waiting up to {} ms for "
                                    + "that session to expire", info.brokerId(), path, Long.toHexString(existing.getEphemeralOwner()),
                            existing.getCzxid(), whyWait, TimeUnit.NANOSECONDS.toMillis(remainingNs));
                }
                awaitQuietly(gone, Math.min(TimeUnit.NANOSECONDS.toMillis(remainingNs), RECHECK_MS));
            } catch (BrokerIdAlreadyRegisteredException e) {
                throw e;
            } catch (Exception e) {
                throw wrap(e);
            }
        }
    }

    private void registered(Stat stat) {
        registeredSession = stat.getEphemeralOwner();
        brokerEpoch = stat.getCzxid();
        watchOwnRegistration();
    }

    /**
     * Why a registration of another session cannot be taken for a stale one of ours; null when it
     * can: it names our endpoints exactly and this process holds every one of them.
     */
    private String reasonToWait(Stat existing, byte[] data) {
        BrokerInfo other;
        try {
            other = BrokerInfo.fromJson(path, info.brokerId(), data);
        } catch (ZnodeParseException e) {
            return "its content is not a broker registration Gregor can read";
        }
        if (!new HashSet<>(other.endpoints()).equals(new HashSet<>(info.endpoints()))) {
            return "it names other endpoints " + describe(other.endpoints()) + " than ours " + describe(info.endpoints())
                    + " (another host or another process with broker.id=" + info.brokerId() + "?)";
        }
        if (!held.holdsAll(info.endpoints())) {
            return "it names our endpoints " + describe(info.endpoints())
                    + ", but this process cannot prove it holds them (advertised host not of this machine, or "
                    + "listener not bound to the advertised port)";
        }
        return null;
    }

    private static String describe(List<io.gregor.coordination.zk.EndPoint> endpoints) {
        return endpoints.stream().map(io.gregor.coordination.zk.EndPoint::connectionString).toList().toString();
    }

    /** Reads the znode and its stat, arming {@code gone} for its deletion; null when it does not exist. */
    private byte[] readWatchingForDeletion(Stat stat, CountDownLatch gone) {
        CuratorWatcher watcher = event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                gone.countDown();
            }
        };
        try {
            return zk.curator().getData().storingStatIn(stat).usingWatcher(watcher).forPath(path);
        } catch (KeeperException.NoNodeException absent) {
            return null;
        } catch (Exception e) {
            throw wrap(e);
        }
    }

    /**
     * Watches our own znode: deleted while our session lives (ZooKeeper deletes it on expiry, which
     * the connection listener handles), it is re-registered at once.
     */
    private void watchOwnRegistration() {
        long owner = registeredSession;
        CuratorWatcher watcher = event -> {
            if (event.getType() == Watcher.Event.EventType.NodeDeleted && lifecycle.isStarted() && zk.sessionId() == owner) {
                log.warn("Registration {} of broker {} was deleted while its session 0x{} lives; registering again",
                        path, info.brokerId(), Long.toHexString(owner));
                reRegister("registration deleted by another session");
            }
        };
        try {
            if (zk.curator().checkExists().usingWatcher(watcher).forPath(path) == null && lifecycle.isStarted()) {
                reRegister("registration vanished right after it was made");
            }
        } catch (Exception e) {
            log.warn("Broker {}: could not watch its registration {}: {}", info.brokerId(), path, e.toString());
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
     * shutdown makes the broker disappear at once instead of after the session timeout). Closing a
     * registration that never started only stops its thread; closing twice does nothing.
     */
    @Override
    public void close() {
        Lifecycle.State left = lifecycle.close();
        if (left == Lifecycle.State.CLOSED) {
            return;
        }
        worker.shutdownNow();
        if (left == Lifecycle.State.LATENT) {
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
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
