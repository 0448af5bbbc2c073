package io.gregor.coordination.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Pipelined reads: sends getData (or getChildren) requests in the background and waits for all
 * answers, the way Kafka's KafkaZkClient batches reads of many znodes, with at most
 * {@link #MAX_IN_FLIGHT} requests outstanding at a time so that reading 30,000 partition states
 * does not queue 30,000 requests in the client at once. Blocks the calling thread: never call it
 * from a Curator callback.
 */
final class ZkBatch {

    /** Requests outstanding at once, per batch. */
    static final int MAX_IN_FLIGHT = 1_000;

    /** What one background getData returned; data and stat are null when the znode is missing. */
    record Read(String path, byte[] data, Stat stat) {
        boolean exists() {
            return stat != null;
        }
    }

    private ZkBatch() {
    }

    static Map<String, Read> getData(CuratorFramework curator, List<String> paths, long timeoutMs) {
        return run("getData", paths, timeoutMs, (path, callback) -> curator.getData().inBackground(callback).forPath(path),
                (path, event) -> new Read(path, event.getData(), event.getStat()), path -> new Read(path, null, null));
    }

    /** Children of each path (unsorted); a missing znode maps to null. */
    static Map<String, List<String>> getChildren(CuratorFramework curator, List<String> paths, long timeoutMs) {
        return run("getChildren", paths, timeoutMs,
                (path, callback) -> curator.getChildren().inBackground(callback).forPath(path),
                (path, event) -> List.copyOf(event.getChildren()), path -> null);
    }

    private interface Sender {
        void send(String path, BackgroundCallback callback) throws Exception;
    }

    private interface Reader<T> {
        T read(String path, org.apache.curator.framework.api.CuratorEvent event);
    }

    private static <T> Map<String, T> run(String operation, List<String> paths, long timeoutMs, Sender sender,
                                          Reader<T> reader, Function<String, T> missing) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Semaphore window = new Semaphore(MAX_IN_FLIGHT);
        List<CompletableFuture<T>> futures = new ArrayList<>(paths.size());
        for (String path : paths) {
            CompletableFuture<T> future = new CompletableFuture<>();
            futures.add(future);
            try {
                if (!window.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new TimeoutException("no answer to " + MAX_IN_FLIGHT + " outstanding " + operation + " requests");
                }
                sender.send(path, (client, event) -> {
                    window.release();
                    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                    if (code == KeeperException.Code.OK) {
                        future.complete(reader.read(path, event));
                    } else if (code == KeeperException.Code.NONODE) {
                        future.complete(missing.apply(path));
                    } else {
                        future.completeExceptionally(KeeperException.create(code, path));
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ZkOperationException.wrap(operation, path, e);
            } catch (Exception e) {
                throw ZkOperationException.wrap(operation, path, e);
            }
        }
        Map<String, T> result = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            try {
                long remaining = Math.max(0, deadline - System.nanoTime());
                result.put(path, futures.get(i).get(remaining, TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw ZkOperationException.wrap(operation, path, e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw ZkOperationException.wrap(operation, path, e);
            }
        }
        return result;
    }
}
