package io.gregor.coordination.zk;

import org.apache.curator.RetryLoop;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
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
        if (paths.size() >= MULTI_READ_MIN && multiReadSupported) {
            try {
                return multiRead(curator, paths);
            } catch (KeeperException.UnimplementedException | KeeperException.BadArgumentsException e) {
                multiReadSupported = false; // a ZooKeeper server before 3.6: pipelined reads from now on
            } catch (Exception e) {
                throw ZkOperationException.wrap("getData", paths.size() + " znodes", e);
            }
        }
        return run("getData", paths, timeoutMs, (path, callback) -> curator.getData().inBackground(callback).forPath(path),
                (path, event) -> new Read(path, event.getData(), event.getStat()), path -> new Read(path, null, null));
    }

    /** Batches at least this large are read with ZooKeeper's read-only multi-op (3.6+). */
    static final int MULTI_READ_MIN = 64;
    /** getData ops per read-only multi-op: the answers of 500 partition states stay far below jute.maxbuffer. */
    static final int MULTI_READ_CHUNK = 500;
    private static volatile boolean multiReadSupported = true;

    /**
     * The znodes' data with read-only multi-ops of {@link #MULTI_READ_CHUNK} getData each (one
     * round trip per chunk instead of one per znode: reading 10,000 partition states took a new
     * controller about 2 s with pipelined single reads). Each op answers on its own: a missing
     * znode is a NONODE result, not a failure of the chunk. Retried on connection loss by Curator.
     */
    private static Map<String, Read> multiRead(CuratorFramework curator, List<String> paths) throws Exception {
        Map<String, Read> result = new LinkedHashMap<>();
        for (int from = 0; from < paths.size(); from += MULTI_READ_CHUNK) {
            List<String> chunk = paths.subList(from, Math.min(paths.size(), from + MULTI_READ_CHUNK));
            List<Op> ops = new ArrayList<>(chunk.size());
            chunk.forEach(path -> ops.add(Op.getData(path)));
            List<OpResult> answers = RetryLoop.callWithRetry(curator.getZookeeperClient(),
                    () -> curator.getZookeeperClient().getZooKeeper().multi(ops));
            for (int i = 0; i < chunk.size(); i++) {
                String path = chunk.get(i);
                OpResult answer = answers.get(i);
                if (answer instanceof OpResult.GetDataResult data) {
                    result.put(path, new Read(path, data.getData(), data.getStat()));
                } else if (answer instanceof OpResult.ErrorResult error
                        && error.getErr() == KeeperException.Code.NONODE.intValue()) {
                    result.put(path, new Read(path, null, null));
                } else if (answer instanceof OpResult.ErrorResult error) {
                    throw KeeperException.create(KeeperException.Code.get(error.getErr()), path);
                } else {
                    throw new IllegalStateException("unexpected answer to getData of " + path + ": " + answer);
                }
            }
        }
        return result;
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
