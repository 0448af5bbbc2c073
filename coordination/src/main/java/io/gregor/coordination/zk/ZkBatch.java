package io.gregor.coordination.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pipelined reads: sends every getData in the background at once and waits for all answers, the
 * way Kafka's KafkaZkClient batches reads of many znodes. Blocks the calling thread.
 */
final class ZkBatch {

    /** What one background getData returned; data and stat are null when the znode is missing. */
    record Read(String path, byte[] data, Stat stat) {
        boolean exists() {
            return stat != null;
        }
    }

    private ZkBatch() {
    }

    static Map<String, Read> getData(CuratorFramework curator, List<String> paths, long timeoutMs) {
        List<CompletableFuture<Read>> futures = new ArrayList<>(paths.size());
        for (String path : paths) {
            CompletableFuture<Read> future = new CompletableFuture<>();
            futures.add(future);
            try {
                curator.getData().inBackground((client, event) -> {
                    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                    if (code == KeeperException.Code.OK) {
                        future.complete(new Read(path, event.getData(), event.getStat()));
                    } else if (code == KeeperException.Code.NONODE) {
                        future.complete(new Read(path, null, null));
                    } else {
                        future.completeExceptionally(KeeperException.create(code, path));
                    }
                }).forPath(path);
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        }
        Map<String, Read> result = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            try {
                long remaining = Math.max(0, deadline - System.nanoTime());
                result.put(path, futures.get(i).get(remaining, TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw ZkOperationException.wrap("getData", path, e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw ZkOperationException.wrap("getData", path, e);
            }
        }
        return result;
    }
}
