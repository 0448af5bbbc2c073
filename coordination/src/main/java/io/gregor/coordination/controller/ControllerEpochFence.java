package io.gregor.coordination.controller;

import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.PartitionStateUpdate;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.coordination.zk.ZkOperationException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Guards controller writes with the controller epoch: every write is one ZooKeeper multi-op that
 * starts with {@code check(/controller_epoch, zkVersion)}, so once a newer controller has bumped the
 * epoch, a deposed controller's writes fail atomically and surface as
 * {@link ControllerMovedException} (never retried). A fence handed out by {@link ControllerElection}
 * also refuses locally, without a round trip, as soon as its tenure has ended.
 *
 * <p>Blocking (ZooKeeper round trips): call from the controller's own thread, not an event loop.
 * Immutable and thread-safe.
 */
public final class ControllerEpochFence {

    private static final long BATCH_TIMEOUT_MS = 30_000;

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
     * Commits {@code ops} atomically behind the epoch check. Returns the results of {@code ops}
     * (without the check's).
     *
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

    /** Creates the state znodes of new partitions in one fenced multi-op. */
    public void createPartitionStates(Map<TopicPartition, PartitionState> states) {
        try {
            commit(zk.topics().createPartitionStateOps(states));
        } catch (KeeperException e) {
            throw new ZkOperationException("Creating partition states " + states.keySet() + " failed", e);
        }
    }

    /** Finishes a topic's deletion (assignment subtree, config, deletion request) in one fenced multi-op. */
    public void completeTopicDeletion(String topic) {
        try {
            commit(zk.topics().completeTopicDeletionOps(topic));
        } catch (KeeperException e) {
            throw new ZkOperationException("Completing the deletion of topic '" + topic + "' failed", e);
        }
    }

    /**
     * Writes many partition states, each conditional on its expected zkVersion (the
     * {@code zkVersion} of each {@link VersionedPartitionState}) and on the controller epoch. The
     * writes are sent in the background all at once (one fenced multi-op per partition, so one stale
     * partition does not fail the others) and awaited together.
     *
     * @throws ControllerMovedException if any write found the epoch moved
     */
    public Map<TopicPartition, PartitionStateUpdate> updatePartitionStates(List<VersionedPartitionState> updates) {
        requireTenure();
        CuratorFramework curator = zk.curator();
        Map<TopicPartition, CompletableFuture<PartitionStateUpdate>> futures = new LinkedHashMap<>();
        for (VersionedPartitionState update : updates) {
            TopicPartition tp = update.partition();
            CompletableFuture<PartitionStateUpdate> future = new CompletableFuture<>();
            futures.put(tp, future);
            try {
                curator.transaction().inBackground((client, event) -> {
                    try {
                        future.complete(toUpdate(tp, event.getResultCode(), event.getOpResults()));
                    } catch (RuntimeException e) {
                        future.completeExceptionally(e);
                    }
                }).forOperations(epochCheck(), zk.topics().updatePartitionStateOp(tp, update.state(), update.zkVersion()));
            } catch (Exception e) {
                future.completeExceptionally(e);
            }
        }
        Map<TopicPartition, PartitionStateUpdate> results = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BATCH_TIMEOUT_MS);
        for (Map.Entry<TopicPartition, CompletableFuture<PartitionStateUpdate>> entry : futures.entrySet()) {
            try {
                results.put(entry.getKey(), entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ControllerMovedException moved) {
                    throw moved;
                }
                throw new ZkOperationException("Updating partition state of " + entry.getKey() + " failed", e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new ZkOperationException("Updating partition state of " + entry.getKey() + " did not finish", e);
            }
        }
        return results;
    }

    private PartitionStateUpdate toUpdate(TopicPartition tp, int resultCode, List<CuratorTransactionResult> opResults) {
        if (resultCode == KeeperException.Code.OK.intValue()) {
            int version = opResults.get(1).getResultStat().getVersion();
            return new PartitionStateUpdate(tp, PartitionStateUpdate.Status.UPDATED, version);
        }
        int checkError = errorOf(opResults, 0);
        int writeError = errorOf(opResults, 1);
        if (checkError != KeeperException.Code.OK.intValue() && checkError != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
            throw new ControllerMovedException(epoch.epoch(), "/controller_epoch is no longer at zkVersion "
                    + epoch.zkVersion() + " while updating " + tp, null);
        }
        if (writeError == KeeperException.Code.BADVERSION.intValue()) {
            return new PartitionStateUpdate(tp, PartitionStateUpdate.Status.VERSION_CONFLICT, -1);
        }
        if (writeError == KeeperException.Code.NONODE.intValue()) {
            return new PartitionStateUpdate(tp, PartitionStateUpdate.Status.NO_NODE, -1);
        }
        throw new ZkOperationException("Updating partition state of " + tp + " failed with "
                + KeeperException.Code.get(resultCode), KeeperException.create(KeeperException.Code.get(resultCode)));
    }

    private static int errorOf(List<CuratorTransactionResult> results, int index) {
        if (results == null || results.size() <= index) {
            return KeeperException.Code.RUNTIMEINCONSISTENCY.intValue();
        }
        return results.get(index).getError();
    }

    @Override
    public String toString() {
        return "ControllerEpochFence[epoch " + epoch.epoch() + " at zkVersion " + epoch.zkVersion() + "]";
    }
}
