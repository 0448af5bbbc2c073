package io.gregor.coordination.controller;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.ActiveController;
import io.gregor.coordination.zk.ControllerRegistration;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZkPaths;
import io.gregor.coordination.zk.ZnodeParseException;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Follows which broker is the active controller, and with which epoch, by watching
 * {@code /controller} and {@code /controller_epoch} through Curator caches (watches are re-armed by
 * Curator, also across reconnects). Brokers use it to learn where the controller is and to check
 * the controller requests they get (see {@link ControllerRequestVerifier}); listeners are told on
 * every change of the controller id, with empty meaning "no controller".
 *
 * <p>The epoch is known only as part of an {@link ActiveController} pair whose two znodes were
 * written together; while the two caches disagree (one has seen an election the other has not yet)
 * the last consistent pair is kept. Pairs only move forward (by zxid): a lagging cache event or a
 * pair learned from a direct read never replaces a newer one, and the pair is forgotten when the
 * {@code /controller} znode it came from is deleted.
 *
 * <p>Listeners run on Curator's cache thread and must not block. Lifecycle ({@link Lifecycle}):
 * {@link #start()} once; a second start or a start after {@link #close()} is refused with
 * {@link IllegalStateException}; a second close does nothing. Thread-safe.
 */
public final class ControllerTracker implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ControllerTracker.class);

    private final ZkPaths paths;
    private final CuratorCache controllerCache;
    private final CuratorCache epochCache;
    private final Lifecycle lifecycle = new Lifecycle("Controller tracker");
    private final CopyOnWriteArrayList<Consumer<Optional<Integer>>> listeners = new CopyOnWriteArrayList<>();
    /** Last controller id seen, or null; written only under {@code this}. */
    private volatile Integer controllerId;
    /** The newest consistent controller pair known, or null; written only under {@code this}. */
    private volatile ActiveController active;
    /** The caches' current {@code /controller} and {@code /controller_epoch}, null when absent; guarded by {@code this}. */
    private ChildData controllerNode;
    private ChildData epochNode;
    /** Pairs with a zxid at or below this came from a {@code /controller} known to be deleted; guarded by {@code this}. */
    private long deletedUpToZxid = Long.MIN_VALUE;

    public ControllerTracker(GregorZkClient zk) {
        this.paths = zk.paths();
        this.controllerCache = CuratorCache.build(zk.curator(), paths.controller(), CuratorCache.Options.SINGLE_NODE_CACHE);
        this.controllerCache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((oldNode, node) -> onController(node, null))
                .forDeletes(deleted -> onController(null, deleted))
                .build());
        this.epochCache = CuratorCache.build(zk.curator(), paths.controllerEpoch(), CuratorCache.Options.SINGLE_NODE_CACHE);
        this.epochCache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((oldNode, node) -> onEpoch(node))
                .forDeletes(deleted -> onEpoch(null))
                .build());
    }

    /**
     * Starts following the controller.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        lifecycle.start();
        epochCache.start();
        controllerCache.start();
    }

    /** Adds a listener for controller changes: the new controller's broker id, or empty. */
    public void addListener(Consumer<Optional<Integer>> listener) {
        listeners.add(listener);
    }

    /** The active controller's broker id as last seen, empty if none. */
    public Optional<Integer> activeControllerId() {
        return Optional.ofNullable(controllerId);
    }

    /** The newest controller id and epoch known to have been written together, empty if none is known. */
    public Optional<ActiveController> activeController() {
        return Optional.ofNullable(active);
    }

    /**
     * Takes a pair read from ZooKeeper directly (e.g. to check a request of a newer epoch than the
     * caches have shown yet), so later requests of that controller need no read; ignored when an
     * equal or newer pair is known or its {@code /controller} is known to be gone.
     */
    void learn(ActiveController read) {
        synchronized (this) {
            advance(read);
        }
    }

    private void onController(ChildData node, ChildData deleted) {
        Integer next = null;
        synchronized (this) {
            if (node != null && !paths.controller().equals(node.getPath())) {
                return;
            }
            controllerNode = node;
            if (deleted != null && deleted.getStat() != null) {
                long czxid = deleted.getStat().getCzxid();
                deletedUpToZxid = Math.max(deletedUpToZxid, czxid);
                if (active != null && active.zxid() <= czxid) {
                    log.info("Controller {} (epoch {}) is gone", active.brokerId(), active.epoch());
                    active = null;
                }
            }
            pairCaches();
            if (node != null) {
                try {
                    next = ControllerRegistration.fromJson(paths.controller(), node.getData()).brokerId();
                } catch (ZnodeParseException e) {
                    log.error("Ignoring unreadable controller registration", e);
                }
            }
            if (Objects.equals(next, controllerId)) {
                return;
            }
            controllerId = next;
        }
        log.info("Active controller is now {}", next == null ? "none" : "broker " + next);
        Optional<Integer> change = Optional.ofNullable(next);
        for (Consumer<Optional<Integer>> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.error("Controller change listener failed", e);
            }
        }
    }

    private synchronized void onEpoch(ChildData node) {
        if (node != null && !paths.controllerEpoch().equals(node.getPath())) {
            return;
        }
        epochNode = node;
        pairCaches();
    }

    /** Under {@code this}: adopts the caches' pair when their two znodes were written together. */
    private void pairCaches() {
        if (controllerNode == null || epochNode == null) {
            return;
        }
        try {
            ActiveController.fromZnodes(paths, controllerNode.getData(), controllerNode.getStat(),
                    epochNode.getData(), epochNode.getStat()).ifPresent(this::advance);
        } catch (ZnodeParseException e) {
            log.error("Ignoring an unreadable controller or controller epoch znode", e);
        }
    }

    /** Under {@code this}: moves to {@code candidate} if it is newer than the known pair and not known gone. */
    private void advance(ActiveController candidate) {
        if (candidate.zxid() <= deletedUpToZxid || (active != null && candidate.zxid() <= active.zxid())) {
            return;
        }
        active = candidate;
        log.info("Controller {} has epoch {}", candidate.brokerId(), candidate.epoch());
    }

    @Override
    public void close() {
        if (lifecycle.close() == Lifecycle.State.CLOSED) {
            return;
        }
        controllerCache.close();
        epochCache.close();
    }
}
