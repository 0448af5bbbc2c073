package io.gregor.coordination.controller;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

import java.io.Closeable;

/**
 * Watches a znode's children (arrivals, departures and data changes of direct children) through a
 * Curator cache, which re-arms ZooKeeper's one-shot watches and survives reconnects. Deeper
 * descendants are ignored. The callback runs on Curator's thread: it should only enqueue work.
 */
final class ZkChangeWatch implements Closeable {

    private final CuratorCache cache;

    ZkChangeWatch(CuratorFramework curator, String path, Runnable onChange) {
        this.cache = CuratorCache.build(curator, path);
        int depth = depth(path);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> {
                    String changed = data != null ? data.getPath() : oldData != null ? oldData.getPath() : null;
                    if (changed != null && depth(changed) == depth + 1) {
                        onChange.run();
                    }
                })
                .forInitialized(onChange)
                .build());
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
        cache.start();
    }

    @Override
    public void close() {
        cache.close();
    }
}
