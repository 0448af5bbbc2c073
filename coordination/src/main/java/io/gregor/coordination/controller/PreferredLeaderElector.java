package io.gregor.coordination.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import io.gregor.coordination.zk.ZkOperationException;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Preferred-leader election: moves a partition's leadership to the first replica of its assignment
 * when that replica is live, in the ISR and not shutting down (leader epoch bumped, ISR kept),
 * telling the replicas with LeaderAndIsr and every live broker with UpdateMetadata.
 *
 * <p>Triggered two ways, as in Kafka's ZooKeeper mode: by an operator through the legacy
 * {@code /admin/preferred_replica_election} znode ({@code {"version":1,"partitions":[{"topic":..,
 * "partition":..}]}}; the znode is deleted, fenced, once handled), and by the periodic imbalance
 * check of {@code auto.leader.rebalance.enable}: a broker whose share of partitions it should lead
 * but does not exceeds {@code leader.imbalance.per.broker.percentage} gets those leaderships back.
 * Runs on the controller's event thread.
 */
final class PreferredLeaderElector {

    private static final Logger log = LoggerFactory.getLogger(PreferredLeaderElector.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreferredLeaderElector() {
    }

    /** Elects the preferred leaders of {@code partitions} where possible; returns those that moved. */
    static Set<TopicPartition> elect(ControllerTenure t, Collection<TopicPartition> partitions) {
        ControllerContext ctx = t.context;
        Set<TopicPartition> changed = t.partitionStates.updateStates(partitions, (tp, current) ->
                PartitionLeaderElection.preferred(current, ctx.replicas(tp), ctx.liveBrokers.keySet(),
                        ctx.shuttingDownBrokers, ctx.epoch));
        if (!changed.isEmpty()) {
            t.announce(changed);
            log.info("Controller {} epoch {}: preferred leaders elected for {}", ctx.controllerId, ctx.epoch, changed);
        }
        return changed;
    }

    /** Handles a pending {@code /admin/preferred_replica_election} request, if any, then deletes it. */
    static void onElectionRequest(ControllerTenure t) {
        ControllerContext ctx = t.context;
        String path = t.zk.paths().preferredReplicaElection();
        byte[] data;
        try {
            data = t.zk.curator().getData().forPath(path);
        } catch (KeeperException.NoNodeException none) {
            return;
        } catch (Exception e) {
            throw new ZkOperationException("Reading " + path + " failed", e);
        }
        List<TopicPartition> requested = new ArrayList<>();
        try {
            JsonNode partitions = JSON.readTree(data).path("partitions");
            for (JsonNode p : partitions) {
                requested.add(new TopicPartition(p.path("topic").asText(), p.path("partition").asInt()));
            }
        } catch (IOException | RuntimeException e) {
            log.error("Controller {}: unreadable preferred replica election request at {}; deleting it", ctx.controllerId, path, e);
        }
        List<TopicPartition> known = requested.stream()
                .filter(tp -> ctx.states.containsKey(tp) && !ctx.topicsToDelete.contains(tp.topic())).toList();
        if (known.size() < requested.size()) {
            log.warn("Controller {}: preferred replica election skips unknown or deleted partitions {}", ctx.controllerId,
                    requested.stream().filter(tp -> !known.contains(tp)).toList());
        }
        elect(t, known);
        try {
            CuratorOp delete = t.zk.curator().transactionOp().delete().forPath(path);
            t.fence.commit(List.of(delete));
        } catch (KeeperException.NoNodeException gone) {
            // removed meanwhile: nothing left to do
        } catch (ControllerMovedException moved) {
            throw moved;
        } catch (Exception e) {
            throw new ZkOperationException("Deleting " + path + " failed", e);
        }
    }

    /**
     * The automatic check: per live broker not shutting down, the partitions whose preferred
     * replica it is but which it does not lead; if they exceed the allowed percentage of all its
     * preferred partitions, their preferred leaders are elected. Partitions being deleted or
     * reassigned are skipped.
     */
    static Set<TopicPartition> checkImbalance(ControllerTenure t) {
        ControllerContext ctx = t.context;
        Map<Integer, List<TopicPartition>> preferredOf = new TreeMap<>();
        Map<Integer, List<TopicPartition>> notLedBy = new TreeMap<>();
        ctx.states.forEach((tp, state) -> {
            List<Integer> replicas = ctx.replicas(tp);
            if (replicas.isEmpty() || ctx.topicsToDelete.contains(tp.topic()) || ctx.assignment(tp).isBeingReassigned()) {
                return;
            }
            int preferred = replicas.get(0);
            preferredOf.computeIfAbsent(preferred, b -> new ArrayList<>()).add(tp);
            if (state.state().leader() != preferred) {
                notLedBy.computeIfAbsent(preferred, b -> new ArrayList<>()).add(tp);
            }
        });
        Set<TopicPartition> toElect = new TreeSet<>();
        notLedBy.forEach((broker, partitions) -> {
            if (!ctx.liveBrokers.containsKey(broker) || ctx.shuttingDownBrokers.contains(broker)) {
                return;
            }
            double ratio = (double) partitions.size() / preferredOf.get(broker).size();
            if (ratio * 100 > t.config.leaderImbalancePerBrokerPercentage()) {
                log.info("Controller {}: leader imbalance of broker {} is {}% (> {}%); electing preferred leaders",
                        ctx.controllerId, broker, Math.round(ratio * 100), t.config.leaderImbalancePerBrokerPercentage());
                partitions.stream().filter(tp -> isEligible(ctx, tp, broker)).forEach(toElect::add);
            }
        });
        return toElect.isEmpty() ? Set.of() : elect(t, toElect);
    }

    private static boolean isEligible(ControllerContext ctx, TopicPartition tp, int preferred) {
        VersionedPartitionState state = ctx.states.get(tp);
        return state != null && state.state().isr().contains(preferred);
    }
}
