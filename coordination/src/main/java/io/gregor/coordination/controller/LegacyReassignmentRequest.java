package io.gregor.coordination.controller;

import io.gregor.coordination.zk.PartitionReassignmentZNode;
import io.gregor.coordination.zk.ReplicaAssignment;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.ZkOperationException;
import io.gregor.coordination.zk.ZnodeParseException;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy {@code /admin/reassign_partitions} znode (Kafka's JSON, see
 * {@link PartitionReassignmentZNode}): each partition named there is reassigned to its replicas
 * (refused partitions are dropped from the znode at once, with a log line), and leaves the znode
 * when its reassignment completes or an AlterPartitionReassignments request replaces it; the
 * znode is deleted once empty. All writes go through the tenure's fence. Runs on the controller's
 * event thread.
 */
final class LegacyReassignmentRequest {

    private static final Logger log = LoggerFactory.getLogger(LegacyReassignmentRequest.class);
    private static final int ATTEMPTS = 5;

    private record Stored(PartitionReassignmentZNode request, int zkVersion) {
    }

    private LegacyReassignmentRequest() {
    }

    /** Handles the znode's partitions not already moving to the replicas it names. */
    static void onChange(ControllerTenure t) {
        ControllerContext ctx = t.context;
        Stored stored;
        try {
            stored = read(t);
        } catch (ZnodeParseException bad) {
            log.error("Controller {}: unreadable {}; deleting it", ctx.controllerId, t.zk.paths().reassignPartitions(), bad);
            deleteIfAt(t, -1);
            return;
        }
        if (stored == null) {
            return;
        }
        Map<TopicPartition, ReplicaAssignment> accepted = new LinkedHashMap<>();
        Set<TopicPartition> refused = new java.util.TreeSet<>();
        stored.request().partitions().forEach((tp, target) -> {
            ReassignmentProcessor.Refusal refusal = ReassignmentProcessor.validate(ctx, tp, target);
            if (refusal != null) {
                log.warn("Controller {}: reassignment of {} to {} from {} refused: {} {}", ctx.controllerId, tp, target,
                        t.zk.paths().reassignPartitions(), refusal.error(), refusal.message());
                refused.add(tp);
                return;
            }
            ReplicaAssignment current = ctx.assignment(tp);
            ReplicaAssignment next = current.reassignTo(target);
            if (!(current.equals(next) && next.isBeingReassigned())) { // not already under way
                accepted.put(tp, next);
            }
        });
        remove(t, refused);
        accepted.forEach((tp, next) -> {
            if (ReassignmentProcessor.reassignOrRefuse(t, tp, next) != null) {
                remove(t, Set.of(tp));
            }
        });
    }

    /** Removes {@code partitions} from the znode (deleting it when none is left); absent ones are ignored. */
    static void remove(ControllerTenure t, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Stored stored;
            try {
                stored = read(t);
            } catch (ZnodeParseException bad) {
                deleteIfAt(t, -1);
                return;
            }
            if (stored == null || partitions.stream().noneMatch(stored.request().partitions()::containsKey)) {
                return;
            }
            Map<TopicPartition, List<Integer>> left = new LinkedHashMap<>(stored.request().partitions());
            left.keySet().removeAll(partitions);
            try {
                String path = t.zk.paths().reassignPartitions();
                CuratorOp op = left.isEmpty()
                        ? t.zk.curator().transactionOp().delete().withVersion(stored.zkVersion()).forPath(path)
                        : t.zk.curator().transactionOp().setData().withVersion(stored.zkVersion())
                                .forPath(path, new PartitionReassignmentZNode(left).toJson());
                t.fence.commit(List.of(op));
                return;
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException raced) {
                // changed meanwhile: read again
            } catch (ControllerMovedException moved) {
                throw moved;
            } catch (Exception e) {
                throw new ZkOperationException("Updating " + t.zk.paths().reassignPartitions() + " failed", e);
            }
        }
    }

    private static Stored read(ControllerTenure t) {
        String path = t.zk.paths().reassignPartitions();
        Stat stat = new Stat();
        byte[] data;
        try {
            data = t.zk.curator().getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException none) {
            return null;
        } catch (Exception e) {
            throw new ZkOperationException("Reading " + path + " failed", e);
        }
        return new Stored(PartitionReassignmentZNode.fromJson(path, data), stat.getVersion());
    }

    private static void deleteIfAt(ControllerTenure t, int zkVersion) {
        try {
            t.fence.commit(List.of(t.zk.curator().transactionOp().delete().withVersion(zkVersion)
                    .forPath(t.zk.paths().reassignPartitions())));
        } catch (KeeperException.NoNodeException gone) {
            // nothing to delete
        } catch (ControllerMovedException moved) {
            throw moved;
        } catch (Exception e) {
            throw new ZkOperationException("Deleting " + t.zk.paths().reassignPartitions() + " failed", e);
        }
    }
}
