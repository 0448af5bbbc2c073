package io.gregor.coordination.acl;

import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.ZnodeParseException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Kafka's two ACL change-notification folders ({@code /kafka-acl-changes} and
 * {@code /kafka-acl-extended-changes}) and reports the resource pattern named by each notification
 * created after {@link #start()}; the caller then reads that resource's ACLs again. Start it before
 * loading every ACL, so no change falls between the load and the watch. The callback runs on
 * Curator's event thread: it must hand the work to another thread. Re-arms across reconnects
 * (Curator cache). Lifecycle: {@link #start()} once; {@link #close()} idempotent.
 */
public final class AclChangeWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AclChangeWatcher.class);
    private static final long INIT_TIMEOUT_MS = 30_000;

    private final List<CuratorCache> caches;
    private final CountDownLatch initialized = new CountDownLatch(2);
    private final Lifecycle lifecycle = new Lifecycle("ACL change watcher");

    public AclChangeWatcher(GregorZkClient zk, Consumer<ResourcePattern> onChange) {
        this.caches = List.of(AclZnodes.LITERAL_CHANGES, AclZnodes.EXTENDED_CHANGES).stream().map(root -> {
            String absolute = zk.paths().resolve(root);
            zk.ensurePath(absolute);
            CuratorCache cache = CuratorCache.build(zk.curator(), absolute);
            cache.listenable().addListener(CuratorCacheListener.builder()
                    .forCreates(node -> notified(root, absolute, node, onChange))
                    .afterInitialized()
                    .forInitialized(initialized::countDown)
                    .build());
            return cache;
        }).toList();
    }

    private static void notified(String root, String absolute, ChildData node, Consumer<ResourcePattern> onChange) {
        if (node.getPath().equals(absolute) || node.getData() == null) {
            return;
        }
        try {
            onChange.accept(AclZnodes.decodeChange(root, node.getPath(), node.getData()));
        } catch (ZnodeParseException e) {
            log.warn("Ignoring an unreadable ACL change notification {}: {}", node.getPath(), e.getMessage());
        }
    }

    /** Starts watching and waits until the notifications present now are loaded (and skipped). */
    public void start() {
        lifecycle.start();
        caches.forEach(CuratorCache::start);
        try {
            if (!initialized.await(INIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                log.warn("ACL change notifications not loaded within {} ms; changes made meanwhile may be missed", INIT_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (lifecycle.close() == Lifecycle.State.CLOSED) {
            return;
        }
        caches.forEach(CuratorCache::close);
    }
}
