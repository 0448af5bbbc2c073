package io.gregor.coordination.controller;

import io.gregor.coordination.zk.ChunkedMulti;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.PartitionStateUpdate;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.coordination.zk.ZkOperationException;
import io.gregor.coordination.zk.ZkWrite;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Guards controller writes with the controller epoch: every write is a ZooKeeper multi-op that
 * starts with {@code check(/controller_epoch, zkVersion)}, so once a newer controller has bumped the
 * epoch, a deposed controller's writes fail atomically and surface as
 * {@link ControllerMovedException} (never retried). Large writes are cut into several multi-ops
 * under the ZooKeeper request limit ({@link ChunkedMulti}), each with its own check. A fence handed out by {@link ControllerElection}
 * also refuses locally, without a round trip, as soon as its tenure has ended.
 *
 * <p>Blocking (ZooKeeper round trips): call from the controller's own thread, not an event loop.
 * Immutable and thread-safe.
 */
public final class ControllerEpochFence {

    private final GregorZkClient zk;
    private final ControllerEpoch epoch;
    private final BooleanSupplier tenureActive;

    /** A fence on {@code epoch}'s zkVersion only (no local tenure check). */
    public ControllerEpochFence(GregorZkClient zk, ControllerEpoch epoch) {
        this(zk, epoch, () -> true);
    }

    ControllerEpochFence(GregorZkClient zk, ControllerEpoch epoch, BooleanSupplier tenureActive) {
        this.zk = zk;
        this.epoch = epoch;
        this.tenureActive = tenureActive;
    }

    public ControllerEpoch epoch() {
        return epoch;
    }

    private CuratorOp epochCheck() {
        try {
            return zk.curator().transactionOp().check().withVersion(epoch.zkVersion()).forPath(zk.paths().controllerEpoch());
        } catch (Exception e) {
            throw new ZkOperationException("Cannot build the controller epoch check", e);
        }
    }

    private void requireTenure() {
        if (!tenureActive.getAsBoolean()) {
            throw new ControllerMovedException(epoch.epoch(), "this controller's tenure has ended", null);
        }
    }

    /**
     * Commits {@code ops} atomically behind the epoch check, in one multi-op (which must fit the
     * ZooKeeper request limit: larger writes use {@link #commitInChunks}). Returns the results of
     * {@code ops} (without the check's).
     *
     * @throws io.gregor.coordination.zk.ZkWriteTooLargeException if {@code ops} do not fit one request; nothing was sent
     * @throws ControllerMovedException if the epoch moved or the tenure ended; nothing was written
     * @throws KeeperException if one of {@code ops} failed (e.g. a stale version); nothing was written,
     *         and {@code getResults()} tells which op failed (index 0 is the check)
     */
    public List<CuratorTransactionResult> commit(List<CuratorOp> ops) throws KeeperException {
        requireTenure();
        List<CuratorOp> guarded = new ArrayList<>(ops.size() + 1);
        guarded.add(epochCheck());
        guarded.addAll(ops);
        try {
            List<CuratorTransactionResult> results = zk.multi(guarded);
            return results.subList(1, results.size());
        } catch (KeeperException e) {
            if (GregorZkClient.failedOpIndex(e) == 0) {
                throw new ControllerMovedException(epoch.epoch(), "/controller_epoch is no longer at zkVersion "
                        + epoch.zkVersion() + " (" + e.code() + ")", e);
            }
            throw e;
        }
    }

    /**
     * Commits {@code writes} as a sequence of multi-ops under the ZooKeeper request limit, each one
     * behind the epoch check (see {@link ChunkedMulti}); the tenure is checked before every chunk,
     * so a deposed controller writes no further chunk.
     *
     * @throws ControllerMovedException if the epoch moved or the tenure ended; later chunks are not sent
     */
    public <K> ChunkedMulti.Result<K> commitInChunks(List<ZkWrite<K>> writes) {
        requireTenure();
        ChunkedMulti.Committer zkCommitter = ChunkedMulti.committer(zk);
        return ChunkedMulti.commit(writes, epochCheck(), zk.requestLimit().multiBudgetBytes(), ops -> {
            requireTenure();
            return zkCommitter.commit(ops);
        }, refused -> new ControllerMovedException(epoch.epoch(), "/controller_epoch is no longer at zkVersion "
                + epoch.zkVersion() + " (" + refused.code() + ")", refused.cause()));
    }

    /**
     * Creates the state znodes of new partitions (with their parents), in chunks; a partition's
     * znodes are created together or not at all. Partitions left out by a failure have no state
     * and are created by a later pass (the controller creates missing states at startup and when
     * brokers arrive).
     */
    public ChunkedMulti.Result<TopicPartition> createPartitionStates(Map<TopicPartition, PartitionState> states) {
        return commitInChunks(zk.topics().createPartitionStateWrites(states));
    }

    /**
     * Finishes a topic's deletion (partition subtrees, then the topic znode, its config and the
     * deletion request), in chunks: see {@link io.gregor.coordination.zk.TopicZkStore#completeTopicDeletionWrites}
     * for why stopping part way is safe.
     *
     * @throws ZkOperationException if a write failed; the topic is still being deleted
     */
    public void completeTopicDeletion(String topic) {
        ChunkedMulti.Result<String> result = commitInChunks(zk.topics().completeTopicDeletionWrites(topic));
        if (!result.allCommitted()) {
            throw new ZkOperationException("Completing the deletion of topic '" + topic + "' failed: " + result.failed());
        }
    }

    /**
     * Writes many partition states, each conditional on its expected zkVersion (the
     * {@code zkVersion} of each {@link VersionedPartitionState}) and on the controller epoch, in
     * chunks under the request limit; a stale or missing partition fails alone (its chunk is
     * committed again without it).
     *
     * @throws ControllerMovedException if a chunk found the epoch moved
     */
    public Map<TopicPartition, PartitionStateUpdate> updatePartitionStates(List<VersionedPartitionState> updates) {
        List<ZkWrite<TopicPartition>> writes = new ArrayList<>(updates.size());
        for (VersionedPartitionState update : updates) {
            writes.add(zk.topics().updatePartitionStateWrite(update.partition(), update.state(), update.zkVersion()));
        }
        ChunkedMulti.Result<TopicPartition> result = commitInChunks(writes);
        Map<TopicPartition, PartitionStateUpdate> outcomes = new LinkedHashMap<>();
        for (VersionedPartitionState update : updates) {
            TopicPartition tp = update.partition();
            List<CuratorTransactionResult> committed = result.committed().get(tp);
            if (committed != null) {
                outcomes.put(tp, new PartitionStateUpdate(tp, PartitionStateUpdate.Status.UPDATED,
                        committed.get(0).getResultStat().getVersion()));
                continue;
            }
            KeeperException.Code code = result.failed().get(tp);
            PartitionStateUpdate.Status status = code == KeeperException.Code.BADVERSION ? PartitionStateUpdate.Status.VERSION_CONFLICT
                    : code == KeeperException.Code.NONODE ? PartitionStateUpdate.Status.NO_NODE
                    : PartitionStateUpdate.Status.FAILED;
            outcomes.put(tp, new PartitionStateUpdate(tp, status, -1));
        }
        return outcomes;
    }

    @Override
    public String toString() {
        return "ControllerEpochFence[epoch " + epoch.epoch() + " at zkVersion " + epoch.zkVersion() + "]";
    }
}
