package io.gregor.coordination.zk;

import org.apache.curator.framework.api.transaction.CuratorOp;

import java.util.List;

/**
 * One unit of a chunked write ({@link ChunkedMulti}): ops that must commit together (e.g. a
 * partition's parent znodes and its state), identified by {@code key}. Writes that share a
 * {@code scope} (e.g. a topic) depend on each other: once one fails, the later ones are not tried.
 */
public record ZkWrite<K>(K key, String scope, List<CuratorOp> ops) {

    public ZkWrite {
        ops = List.copyOf(ops);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("a write needs at least one op: " + key);
        }
    }

    /** The ops of {@code writes} in order, for a caller that commits a few small writes in one multi-op. */
    public static List<CuratorOp> allOps(List<? extends ZkWrite<?>> writes) {
        List<CuratorOp> ops = new java.util.ArrayList<>();
        writes.forEach(w -> ops.addAll(w.ops()));
        return ops;
    }

    /** Its bytes in a multi-op request (see {@link ZkRequestLimit#sizeOf(CuratorOp)}). */
    public int bytes() {
        return ZkRequestLimit.sizeOf(ops);
    }
}
