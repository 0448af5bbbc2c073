package io.gregor.coordination.controller;

import io.gregor.coordination.zk.ControllerRegistration;
import io.gregor.coordination.zk.GregorZkClient;
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
 * Follows which broker is the active controller by watching {@code /controller} through a Curator
 * cache (watches are re-armed by Curator, also across reconnects). Brokers use it to learn where
 * the controller is; listeners are told on every change, with empty meaning "no controller".
 *
 * <p>Listeners run on Curator's cache thread and must not block. Thread-safe.
 */
public final class ControllerTracker implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ControllerTracker.class);

    private final String path;
    private final CuratorCache cache;
    private final CopyOnWriteArrayList<Consumer<Optional<Integer>>> listeners = new CopyOnWriteArrayList<>();
    /** Last controller id seen, or null; written only by the cache thread. */
    private volatile Integer controllerId;

    public ControllerTracker(GregorZkClient zk) {
        this.path = zk.paths().controller();
        this.cache = CuratorCache.build(zk.curator(), path, CuratorCache.Options.SINGLE_NODE_CACHE);
        this.cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((oldNode, node) -> update(node))
                .forDeletes(node -> update(null))
                .build());
    }

    public void start() {
        cache.start();
    }

    /** Adds a listener for controller changes: the new controller's broker id, or empty. */
    public void addListener(Consumer<Optional<Integer>> listener) {
        listeners.add(listener);
    }

    /** The active controller's broker id as last seen, empty if none. */
    public Optional<Integer> activeControllerId() {
        return Optional.ofNullable(controllerId);
    }

    private void update(ChildData node) {
        Integer next = null;
        if (node != null && path.equals(node.getPath())) {
            try {
                next = ControllerRegistration.fromJson(path, node.getData()).brokerId();
            } catch (ZnodeParseException e) {
                log.error("Ignoring unreadable controller registration", e);
            }
        }
        if (Objects.equals(next, controllerId)) {
            return;
        }
        controllerId = next;
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

    @Override
    public void close() {
        cache.close();
    }
}
