package io.gregor.coordination.registry;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.RegisteredBroker;
import io.gregor.coordination.zk.ZkPaths;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The broker epoch of every registered broker: the czxid of its ephemeral
 * {@code /brokers/ids/<id>}, which a broker gets anew with every registration. A leader checks the
 * replica epoch of follower fetches against it ({@link ReplicaEpochVerifier}), so looking one up
 * is a map read: the epochs follow ZooKeeper through a Curator cache of {@code /brokers/ids}
 * (watches re-armed by Curator, also across reconnects).
 *
 * <p>{@link #requestRefresh()} asks for a re-read of every registration straight from ZooKeeper,
 * after a sync, for when a broker claims an epoch newer than the cache shows (its registration may
 * be younger than the cache's last event). Refreshes run on this object's own thread, never on the
 * caller's: they are coalesced (requests made while one is queued share it) and start at most once
 * per {@link #MIN_REFRESH_INTERVAL_MS}, so a flood of claims costs ZooKeeper a few reads a second
 * and no request thread waits for one.
 *
 * <p>Epochs only move forward (zxids grow): a registration replaces a known epoch only with a
 * larger one, a deletion removes the epoch it deleted (or an older one) and is remembered, so a
 * read that raced the deletion cannot bring the deleted registration back. Lifecycle: created
 * latent, {@link #start()} once, {@link #close()}. Thread-safe; listeners run on Curator's thread
 * and the refresh thread and never block on anything but ZooKeeper reads on the latter.
 */
public final class LiveBrokerEpochs implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LiveBrokerEpochs.class);

    /** The least time between the starts of two refreshes. */
    static final long MIN_REFRESH_INTERVAL_MS = 100;

    private final ZkPaths paths;
    private final CuratorCache cache;
    private final Supplier<List<RegisteredBroker>> readRegistrations;
    private final ScheduledExecutorService refresher;
    /** Broker id to its live broker epoch; read without a lock, written under {@code this}. */
    private final Map<Integer, Long> epochs = new ConcurrentHashMap<>();
    /** Broker id to the largest czxid of its registrations seen deleted; guarded by {@code this}. */
    private final Map<Integer, Long> deletedUpTo = new HashMap<>();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final AtomicInteger refreshes = new AtomicInteger();
    /** When (System.nanoTime) the last refresh started; written by the refresh thread only. */
    private volatile long lastRefreshStartNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_REFRESH_INTERVAL_MS);
    /** Moved under {@code this}, so that a refresh is never scheduled after close. */
    private final Lifecycle lifecycle = new Lifecycle("Broker epochs");

    public LiveBrokerEpochs(GregorZkClient zk) {
        this(zk, () -> {
            zk.sync(zk.paths().brokerIds());
            return zk.getAllRegisteredBrokers();
        });
    }

    /** @param readRegistrations reads every registration from ZooKeeper (synced), for refreshes */
    LiveBrokerEpochs(GregorZkClient zk, Supplier<List<RegisteredBroker>> readRegistrations) {
        this.paths = zk.paths();
        this.readRegistrations = readRegistrations;
        this.cache = CuratorCache.build(zk.curator(), paths.brokerIds());
        this.cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((oldNode, node) -> onRegistration(node))
                .forDeletes(this::onDeletion)
                .build());
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broker-epochs-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts following {@code /brokers/ids}.
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        lifecycle.start();
        cache.start();
    }

    /** The broker epoch of broker {@code brokerId}'s registration as last seen, empty if none is known. */
    public OptionalLong epoch(int brokerId) {
        Long epoch = epochs.get(brokerId);
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    /** Asks for a re-read of every registration from ZooKeeper (see the class comment); never blocks. */
    public void requestRefresh() {
        synchronized (this) {
            if (!lifecycle.isStarted()) {
                return;
            }
        }
        if (refreshQueued.compareAndSet(false, true)) {
            long sinceLastMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRefreshStartNanos);
            try {
                refresher.schedule(this::refresh, Math.max(0, MIN_REFRESH_INTERVAL_MS - sinceLastMs),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                refreshQueued.set(false); // closed meanwhile
            }
        }
    }

    /** How many refreshes have completed, successfully or not (for tests and metrics). */
    int refreshCount() {
        return refreshes.get();
    }

    private void refresh() {
        lastRefreshStartNanos = System.nanoTime();
        refreshQueued.set(false); // a request from now on queues the next refresh: this one may miss it
        try {
            for (RegisteredBroker broker : readRegistrations.get()) {
                learn(broker.id(), broker.brokerEpoch());
            }
        } catch (RuntimeException e) {
            log.warn("Could not re-read the broker registrations: {}", e.toString());
        } finally {
            refreshes.incrementAndGet();
        }
    }

    private void onRegistration(ChildData node) {
        int id = brokerId(node);
        if (id >= 0 && node.getStat() != null) {
            learn(id, node.getStat().getCzxid());
        }
    }

    private void onDeletion(ChildData node) {
        int id = brokerId(node);
        if (id < 0 || node.getStat() == null) {
            return;
        }
        long czxid = node.getStat().getCzxid();
        synchronized (this) {
            deletedUpTo.merge(id, czxid, Math::max);
            epochs.computeIfPresent(id, (k, known) -> known <= czxid ? null : known);
        }
    }

    private synchronized void learn(int brokerId, long epoch) {
        if (epoch <= deletedUpTo.getOrDefault(brokerId, Long.MIN_VALUE)) {
            return;
        }
        epochs.merge(brokerId, epoch, Math::max);
    }

    /** The broker id of a {@code /brokers/ids/<id>} znode, -1 for the parent or anything else. */
    private int brokerId(ChildData node) {
        String prefix = paths.brokerIds() + "/";
        String path = node.getPath();
        if (!path.startsWith(prefix) || path.indexOf('/', prefix.length()) >= 0) {
            return -1;
        }
        try {
            int id = Integer.parseInt(path.substring(prefix.length()));
            return id >= 0 ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (lifecycle.close() == Lifecycle.State.CLOSED) {
                return;
            }
        }
        cache.close();
        refresher.shutdownNow();
    }
}
