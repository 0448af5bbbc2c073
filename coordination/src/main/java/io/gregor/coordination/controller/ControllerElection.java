package io.gregor.coordination.controller;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.ControllerEpochZNode;
import io.gregor.coordination.zk.ControllerRegistration;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkOperationException;
import io.gregor.coordination.zk.ZkPaths;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Controller election among brokers with a Curator {@link LeaderLatch} on
 * {@link ZkPaths#CONTROLLER_LATCH} ({@code /gregor/controller_latch}, under the chroot).
 *
 * <p>On winning the latch the broker, in one multi-op, bumps {@code /controller_epoch} conditionally
 * on the zkVersion it read (creating it with epoch 0 first if absent, so the first controller has
 * epoch 1, as in Kafka), replaces any stale {@code /controller} and creates its own ephemeral
 * {@code /controller}. It then tells the {@link ControllerListener}, handing over a
 * {@link ControllerEpochFence} on the new epoch's zkVersion. Brokers rely on the one multi-op: they
 * pair {@code /controller} with {@code /controller_epoch} by zxid
 * ({@link io.gregor.coordination.zk.ActiveController}) to check controller requests.
 *
 * <p>The tenure ends at once when the latch is lost or the connection is suspended or lost: the
 * fence stops accepting writes immediately (before the listener is told), and
 * {@code onControllerResigned} follows on the election thread. After a reconnect the latch takes
 * part again and a new win bumps the epoch again.
 *
 * <p>Lifecycle ({@link Lifecycle}): {@link #start()} once; a second start, or a start after
 * {@link #close()}, is refused with {@link IllegalStateException} before anything is registered, so
 * one election never holds two latches or two connection listeners. A second close is a no-op.
 * Thread-safe.
 */
public final class ControllerElection implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ControllerElection.class);
    private static final int MAX_ELECTION_ATTEMPTS = 10;

    private final GregorZkClient zk;
    private final int brokerId;
    private final ControllerListener listener;
    private final ExecutorService worker;
    private final ConnectionStateListener connectionListener = this::onConnectionStateChanged;
    /** Bumped whenever a tenure may have ended; a tenure is valid only while it holds its number. */
    private final AtomicLong generation = new AtomicLong();
    /** The current tenure, or null; set and cleared only on the worker thread. */
    private final AtomicReference<Tenure> tenure = new AtomicReference<>();
    /** Moved under {@code this} lock by start and close, so a latch is never created after close. */
    private final Lifecycle lifecycle;
    /** Replaced only under {@code this} lock (start, close, restart after a failed election); null before start. */
    private LeaderLatch latch;

    private record Tenure(long generation, ControllerEpoch epoch, ControllerEpochFence fence) {
    }

    public ControllerElection(GregorZkClient zk, int brokerId, ControllerListener listener) {
        this.zk = zk;
        this.brokerId = brokerId;
        this.listener = listener;
        this.lifecycle = new Lifecycle("Controller election of broker " + brokerId);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "controller-election-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Removes the election nodes of {@code deadSession}, a session of a previous process of this
     * broker proven gone (see {@code BrokerRegistration#replacedSessionId}), as that session's
     * expiry would: a restarted broker that was the controller then wins the election at once
     * instead of after the old session times out. Latch node names carry a sequence number and are
     * never reused, and each delete is conditional on the version read with the owner, so only those
     * very nodes go. Call before {@link #start()}; {@code deadSession} 0 does nothing.
     */
    public void removeNodesOfDeadSession(long deadSession) {
        if (deadSession == 0) {
            return;
        }
        String latchPath = zk.paths().controllerLatch();
        try {
            zk.ensurePath(latchPath);
            for (String child : zk.curator().getChildren().forPath(latchPath)) {
                String path = latchPath + "/" + child;
                Stat stat = zk.curator().checkExists().forPath(path);
                if (stat == null || stat.getEphemeralOwner() != deadSession) {
                    continue;
                }
                try {
                    zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
                    log.warn("Broker {}: removed election node {} of its previous process (session 0x{}, gone), so "
                            + "the election need not wait for that session to expire", brokerId, path, Long.toHexString(deadSession));
                } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
                    log.debug("Broker {}: election node {} already gone", brokerId, path);
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Broker {}: could not remove the election nodes of its previous session 0x{}; the election waits "
                    + "for that session to expire", brokerId, Long.toHexString(deadSession), e);
        }
    }

    /**
     * Joins the election (non-blocking).
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        lifecycle.start();
        zk.ensurePath(zk.paths().controllerLatch());
        zk.curator().getConnectionStateListenable().addListener(connectionListener);
        startLatch();
    }

    private void startLatch() {
        latch = new LeaderLatch(zk.curator(), zk.paths().controllerLatch(), Integer.toString(brokerId),
                LeaderLatch.CloseMode.SILENT);
        LeaderLatch mine = latch;
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                long gen = generation.incrementAndGet();
                submit(() -> becomeController(mine, gen));
            }

            @Override
            public void notLeader() {
                endTenure("lost the controller latch");
            }
        });
        try {
            latch.start();
        } catch (Exception e) {
            throw new ZkOperationException("Starting the controller latch of broker " + brokerId + " failed", e);
        }
    }

    /** True while this broker holds a controller tenure. */
    public boolean isActive() {
        Tenure current = tenure.get();
        return current != null && current.generation == generation.get();
    }

    /** The epoch of the current tenure, empty when not the controller. */
    public Optional<ControllerEpoch> currentEpoch() {
        return activeTenure().map(Tenure::epoch);
    }

    /** The fence of the current tenure, empty when not the controller. */
    public Optional<ControllerEpochFence> fence() {
        return activeTenure().map(Tenure::fence);
    }

    private Optional<Tenure> activeTenure() {
        Tenure current = tenure.get();
        return current != null && current.generation == generation.get() ? Optional.of(current) : Optional.empty();
    }

    private void onConnectionStateChanged(CuratorFramework client, ConnectionState state) {
        if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
            endTenure("ZooKeeper connection " + state);
        }
    }

    /** Invalidates the current tenure now (any thread) and tells the listener on the worker. */
    private void endTenure(String reason) {
        generation.incrementAndGet();
        submit(() -> {
            Tenure ended = tenure.getAndSet(null);
            if (ended != null) {
                log.warn("Broker {} resigns as controller (epoch {}): {}", brokerId, ended.epoch.epoch(), reason);
                notifyResigned();
            }
        });
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException afterClose) {
            // close() has already ended the tenure and told the listener
        }
    }

    private void becomeController(LeaderLatch won, long gen) {
        if (!lifecycle.isStarted() || gen != generation.get() || !won.hasLeadership()) {
            return;
        }
        try {
            ControllerEpoch epoch = registerAndBumpEpoch();
            if (gen != generation.get() || !won.hasLeadership()) {
                log.info("Broker {} lost the latch while taking epoch {}; not acting as controller", brokerId, epoch.epoch());
                return;
            }
            ControllerEpochFence fence = new ControllerEpochFence(zk, epoch, () -> generation.get() == gen);
            if (tenure.getAndSet(new Tenure(gen, epoch, fence)) != null) {
                notifyResigned(); // keep elected/resigned strictly paired
            }
            log.info("Broker {} is the controller with epoch {} (zkVersion {})", brokerId, epoch.epoch(), epoch.zkVersion());
            try {
                listener.onControllerElected(epoch, fence);
            } catch (RuntimeException e) {
                log.error("Controller listener of broker {} failed on election (epoch {})", brokerId, epoch.epoch(), e);
            }
        } catch (RuntimeException e) {
            log.error("Broker {} won the controller latch but could not take the controller epoch; rejoining", brokerId, e);
            restartLatch();
        }
    }

    /** Bumps /controller_epoch and writes the ephemeral /controller in one multi-op; retries lost races. */
    private ControllerEpoch registerAndBumpEpoch() {
        CuratorFramework curator = zk.curator();
        ZkPaths paths = zk.paths();
        for (int attempt = 1; attempt <= MAX_ELECTION_ATTEMPTS; attempt++) {
            try {
                Stat epochStat = new Stat();
                byte[] epochData;
                try {
                    epochData = curator.getData().storingStatIn(epochStat).forPath(paths.controllerEpoch());
                } catch (KeeperException.NoNodeException absent) {
                    createInitialEpoch();
                    continue;
                }
                int newEpoch = ControllerEpochZNode.decode(paths.controllerEpoch(), epochData) + 1;
                List<CuratorOp> ops = new ArrayList<>();
                ops.add(curator.transactionOp().setData().withVersion(epochStat.getVersion())
                        .forPath(paths.controllerEpoch(), ControllerEpochZNode.encode(newEpoch)));
                Stat stale = curator.checkExists().forPath(paths.controller());
                if (stale != null) {
                    ops.add(curator.transactionOp().delete().withVersion(stale.getVersion()).forPath(paths.controller()));
                }
                ops.add(curator.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(paths.controller(),
                        new ControllerRegistration(brokerId, System.currentTimeMillis()).toJson()));
                List<CuratorTransactionResult> results = zk.multi(ops);
                return new ControllerEpoch(newEpoch, results.get(0).getResultStat().getVersion());
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                     | KeeperException.NoNodeException raced) {
                log.info("Broker {}: controller epoch bump attempt {} raced ({}); retrying", brokerId, attempt, raced.code());
            } catch (Exception e) {
                throw new ZkOperationException("Broker " + brokerId + " could not bump the controller epoch", e);
            }
        }
        throw new ZkOperationException("Broker " + brokerId + " gave up bumping the controller epoch after "
                + MAX_ELECTION_ATTEMPTS + " races");
    }

    private void createInitialEpoch() throws Exception {
        try {
            zk.curator().create().creatingParentsIfNeeded().forPath(zk.paths().controllerEpoch(),
                    ControllerEpochZNode.encode(ControllerEpochZNode.INITIAL_EPOCH));
        } catch (KeeperException.NodeExistsException raced) {
            // someone else created it: read it on the next attempt
        }
    }

    private synchronized void restartLatch() {
        if (!lifecycle.isStarted()) {
            return;
        }
        try {
            latch.close();
        } catch (IOException | IllegalStateException e) {
            log.warn("Closing the controller latch of broker {} failed", brokerId, e);
        }
        startLatch();
    }

    private void notifyResigned() {
        try {
            listener.onControllerResigned();
        } catch (RuntimeException e) {
            log.error("Controller listener of broker {} failed on resignation", brokerId, e);
        }
    }

    /**
     * Leaves the election: ends any tenure (the listener is told before this returns), deletes our
     * {@code /controller} if it is ours, and closes the latch so another broker can win. Closing an
     * election that never started only stops its thread; closing twice does nothing.
     */
    @Override
    public void close() {
        Lifecycle.State left;
        synchronized (this) {
            left = lifecycle.close();
        }
        if (left == Lifecycle.State.CLOSED) {
            return;
        }
        if (left == Lifecycle.State.LATENT) {
            worker.shutdown();
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
        generation.incrementAndGet();
        worker.execute(() -> {
            if (tenure.getAndSet(null) != null) {
                notifyResigned();
            }
        });
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Controller election thread of broker {} did not stop in time", brokerId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteOwnControllerZnode();
        synchronized (this) {
            if (latch == null) {
                return; // start failed before the latch was made
            }
            try {
                latch.close();
            } catch (IOException | IllegalStateException e) {
                log.warn("Closing the controller latch of broker {} failed", brokerId, e);
            }
        }
    }

    private void deleteOwnControllerZnode() {
        String path = zk.paths().controller();
        try {
            Stat stat = zk.curator().checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == zk.sessionId()) {
                zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
            }
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
            // another controller already replaced it
        } catch (Exception e) {
            log.warn("Could not delete {} on close of broker {}", path, brokerId, e);
        }
    }
}
