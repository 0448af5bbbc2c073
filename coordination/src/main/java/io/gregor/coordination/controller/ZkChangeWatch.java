package io.gregor.coordination.controller;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.TreeCache;

import java.io.Closeable;

/**
 * Watches a znode's children (arrivals, departures and data changes of direct children) through a
 * Curator {@link TreeCache} limited to depth 1, which re-arms ZooKeeper's one-shot watches and
 * survives reconnects. Deeper descendants are neither read nor watched: a watch of
 * {@code /brokers/topics} must not load and watch every partition's state znode (a recursive cache
 * did: 20,000 znodes read at each controller start with 10,000 partitions, and one more read for
 * every leader or ISR change the controller itself wrote). The callback runs on Curator's thread:
 * it should only enqueue work.
 */
final class ZkChangeWatch implements Closeable {

    private final TreeCache cache;
    private final String path;

    ZkChangeWatch(CuratorFramework curator, String path, Runnable onChange) {
        this.path = path;
        this.cache = TreeCache.newBuilder(curator, path).setMaxDepth(1).build();
        int depth = depth(path);
        cache.getListenable().addListener((client, event) -> {
            switch (event.getType()) {
                case INITIALIZED, CONNECTION_RECONNECTED -> onChange.run();
                case NODE_ADDED, NODE_UPDATED, NODE_REMOVED -> {
                    if (event.getData() != null && depth(event.getData().getPath()) == depth + 1) {
                        onChange.run();
                    }
                }
                default -> {
                }
            }
        });
    }

    private static int depth(String path) {
        if (path.equals("/")) {
            return 0;
        }
        int count = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    void start() {
        try {
            cache.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the watch of " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
