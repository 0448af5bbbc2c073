package io.gregor.coordination.zk;

import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Commits many small writes as a sequence of ZooKeeper multi-ops ("chunks"), each one starting
 * with the same guard op (the controller epoch check) and each one under a byte budget (see
 * {@link ZkRequestLimit#multiBudgetBytes()}), so no request ever exceeds the servers'
 * {@code jute.maxbuffer}. Atomicity holds per write (its ops are never split across chunks) and per
 * chunk, not across chunks: callers make the steps safe to resume (see their comments).
 *
 * <ul>
 *   <li>A write larger than the budget by itself is never sent: it fails with MARSHALLINGERROR
 *       (and takes down its scope as below).</li>
 *   <li>When an op fails (a stale version, an existing or missing znode, no permission), ZooKeeper
 *       applies nothing of that chunk: its write is reported failed with the op's code, the writes
 *       of the same scope not committed yet are dropped (RUNTIMEINCONSISTENCY, ZooKeeper's own
 *       code for an op not applied because another one failed), and the rest of the chunk is
 *       committed again. Each retry drops at least one write, so the retries are bounded.</li>
 *   <li>When the guard fails, {@code guardFailure} turns the failure into the exception thrown: a
 *       deposed controller writes no chunk.</li>
 *   <li>A failure that names no op (connection or session loss after Curator's retries) stops the
 *       write: everything not committed yet is reported failed with that code.</li>
 * </ul>
 *
 * Blocking (one round trip per chunk and retry); stateless and thread-safe.
 */
public final class ChunkedMulti {

    /** What one multi-op did. */
    public sealed interface Outcome {
        /** Applied; one result per op, the guard's first. */
        record Committed(List<CuratorTransactionResult> results) implements Outcome {
        }

        /** Op {@code index} (0 = the guard) failed with {@code code}; nothing was applied. */
        record OpFailed(int index, KeeperException.Code code, KeeperException cause) implements Outcome {
        }

        /** The multi-op failed without naming an op (e.g. connection loss); nothing is known to be applied. */
        record Failed(KeeperException.Code code, Exception cause) implements Outcome {
        }
    }

    /** Sends one multi-op. */
    @FunctionalInterface
    public interface Committer {
        Outcome commit(List<CuratorOp> ops);
    }

    /**
     * What a chunked write did: the op results of every committed write (the guard's left out), the
     * ZooKeeper code of every write that was not committed, and how many multi-ops were sent.
     */
    public record Result<K>(Map<K, List<CuratorTransactionResult>> committed, Map<K, KeeperException.Code> failed,
                            int multiOps) {

        public Result {
            committed = Collections.unmodifiableMap(committed);
            failed = Collections.unmodifiableMap(failed);
        }

        public boolean allCommitted() {
            return failed.isEmpty();
        }
    }

    private ChunkedMulti() {
    }

    /** A {@link Committer} over {@link GregorZkClient#multi}. */
    public static Committer committer(GregorZkClient zk) {
        return ops -> {
            try {
                return new Outcome.Committed(zk.multi(ops));
            } catch (KeeperException e) {
                int index = GregorZkClient.failedOpIndex(e);
                return index < 0 ? new Outcome.Failed(e.code(), e) : new Outcome.OpFailed(index, codeAt(e, index), e);
            }
        };
    }

    private static KeeperException.Code codeAt(KeeperException e, int index) {
        if (e.getResults() != null && e.getResults().get(index) instanceof org.apache.zookeeper.OpResult.ErrorResult r) {
            return KeeperException.Code.get(r.getErr());
        }
        return e.code();
    }

    /**
     * Commits {@code writes} in order, in chunks of at most {@code budgetBytes} (guard included).
     *
     * @throws RuntimeException what {@code guardFailure} makes of a failed guard
     */
    public static <K> Result<K> commit(List<ZkWrite<K>> writes, CuratorOp guard, int budgetBytes, Committer committer,
                                       Function<Outcome.OpFailed, RuntimeException> guardFailure) {
        return new Run<K>(guard, budgetBytes - ZkRequestLimit.sizeOf(guard), committer, guardFailure).commitAll(writes);
    }

    /** The state of one {@link #commit} call. */
    private static final class Run<K> {
        private final CuratorOp guard;
        private final int room;
        private final Committer committer;
        private final Function<Outcome.OpFailed, RuntimeException> guardFailure;
        private final Map<K, List<CuratorTransactionResult>> committed = new LinkedHashMap<>();
        private final Map<K, KeeperException.Code> failed = new LinkedHashMap<>();
        private final Set<String> failedScopes = new HashSet<>();
        private int multiOps;
        /** Set when a failure named no op: nothing more is sent. */
        private KeeperException.Code stopped;

        Run(CuratorOp guard, int room, Committer committer, Function<Outcome.OpFailed, RuntimeException> guardFailure) {
            this.guard = guard;
            this.room = room;
            this.committer = committer;
            this.guardFailure = guardFailure;
        }

        Result<K> commitAll(List<ZkWrite<K>> writes) {
            List<ZkWrite<K>> chunk = new ArrayList<>();
            int chunkBytes = 0;
            for (ZkWrite<K> write : writes) {
                if (stopped != null) {
                    failed.put(write.key(), stopped);
                    continue;
                }
                int bytes = write.bytes();
                if (bytes > room) {
                    fail(write, KeeperException.Code.MARSHALLINGERROR);
                    chunk = dropFailedScopes(chunk);
                    chunkBytes = 0;
                    for (ZkWrite<K> kept : chunk) {
                        chunkBytes += kept.bytes();
                    }
                    continue;
                }
                if (chunkBytes + bytes > room) {
                    flush(chunk);
                    chunk = new ArrayList<>();
                    chunkBytes = 0;
                    if (stopped != null) {
                        failed.put(write.key(), stopped);
                        continue;
                    }
                }
                if (failedScopes.contains(write.scope())) {
                    failed.put(write.key(), KeeperException.Code.RUNTIMEINCONSISTENCY);
                    continue;
                }
                chunk.add(write);
                chunkBytes += bytes;
            }
            flush(chunk);
            return new Result<>(committed, failed, multiOps);
        }

        private void fail(ZkWrite<K> write, KeeperException.Code code) {
            failed.put(write.key(), code);
            failedScopes.add(write.scope());
        }

        /** Commits {@code chunk}, dropping failed writes (and their scopes) and retrying the rest. */
        private void flush(List<ZkWrite<K>> chunk) {
            List<ZkWrite<K>> pending = new ArrayList<>(chunk);
            while (!pending.isEmpty()) {
                List<CuratorOp> ops = new ArrayList<>();
                ops.add(guard);
                pending.forEach(w -> ops.addAll(w.ops()));
                multiOps++;
                Outcome outcome = committer.commit(ops);
                if (outcome instanceof Outcome.Committed done) {
                    int next = 1;
                    for (ZkWrite<K> write : pending) {
                        committed.put(write.key(), List.copyOf(done.results().subList(next, next + write.ops().size())));
                        next += write.ops().size();
                    }
                    return;
                }
                if (outcome instanceof Outcome.Failed lost) {
                    stopped = lost.code();
                    pending.forEach(w -> failed.put(w.key(), lost.code()));
                    return;
                }
                Outcome.OpFailed opFailed = (Outcome.OpFailed) outcome;
                if (opFailed.index() == 0) {
                    throw guardFailure.apply(opFailed);
                }
                fail(writeOfOp(pending, opFailed.index() - 1), opFailed.code());
                pending = dropFailedScopes(pending);
            }
        }

        /** {@code writes} without those of failed scopes, which are reported failed (if not already). */
        private List<ZkWrite<K>> dropFailedScopes(List<ZkWrite<K>> writes) {
            List<ZkWrite<K>> kept = new ArrayList<>();
            for (ZkWrite<K> write : writes) {
                if (!failedScopes.contains(write.scope())) {
                    kept.add(write);
                } else if (!failed.containsKey(write.key())) {
                    failed.put(write.key(), KeeperException.Code.RUNTIMEINCONSISTENCY);
                }
            }
            return kept;
        }

        private ZkWrite<K> writeOfOp(List<ZkWrite<K>> pending, int opIndex) {
            int first = 0;
            for (ZkWrite<K> write : pending) {
                if (opIndex < first + write.ops().size()) {
                    return write;
                }
                first += write.ops().size();
            }
            throw new IllegalStateException("op " + opIndex + " is beyond the chunk's " + first + " ops");
        }
    }
}
