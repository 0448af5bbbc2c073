package io.gregor.coordination.controller;

import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.GregorZkClient;
import io.gregor.coordination.zk.PartitionState;
import io.gregor.coordination.zk.TopicPartition;
import io.gregor.coordination.zk.VersionedPartitionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The controller's writes of partition state znodes during one tenure: initial states of new
 * partitions and leader/ISR changes decided by {@link PartitionLeaderElection}, all through the
 * tenure's {@link ControllerEpochFence}, keeping the {@link ControllerContext} in step with what was
 * written. Confined to the controller's event thread.
 */
final class PartitionStateMachine {

    private static final Logger log = LoggerFactory.getLogger(PartitionStateMachine.class);
    private static final int MAX_STATE_WRITE_ROUNDS = 5;

    private final GregorZkClient zk;
    private final ControllerEpochFence fence;
    private final ControllerContext ctx;
    private final boolean uncleanLeaderElectionDefault;

    PartitionStateMachine(GregorZkClient zk, ControllerEpochFence fence, ControllerContext ctx,
                          boolean uncleanLeaderElectionDefault) {
        this.zk = zk;
        this.fence = fence;
        this.ctx = ctx;
        this.uncleanLeaderElectionDefault = uncleanLeaderElectionDefault;
    }

    /**
     * Creates the state znodes of new partitions that have a live replica, in one fenced multi-op;
     * partitions whose state already exists (a previous controller got there) are read instead.
     * Returns the partitions given a state here.
     */
    Set<TopicPartition> initialize(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionState> initial = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            PartitionLeaderElection.initial(ctx.replicas(tp), ctx.liveBrokers.keySet(), ctx.epoch)
                    .ifPresentOrElse(s -> initial.put(tp, s), () -> log.warn(
                            "Controller {}: partition {} has no live replica among {}; it stays without a leader",
                            ctx.controllerId, tp, ctx.replicas(tp)));
        }
        if (initial.isEmpty()) {
            return Set.of();
        }
        Map<TopicPartition, VersionedPartitionState> existing = zk.topics().getPartitionStates(initial.keySet());
        existing.forEach(ctx.states::put);
        initial.keySet().removeAll(existing.keySet());
        if (initial.isEmpty()) {
            return Set.of();
        }
        fence.createPartitionStates(initial);
        initial.forEach((tp, s) -> ctx.states.put(tp, new VersionedPartitionState(tp, s, 0)));
        log.info("Controller {} epoch {}: initialized partitions {}", ctx.controllerId, ctx.epoch, initial);
        return initial.keySet();
    }

    /**
     * Elects leaders / shrinks ISRs of {@code partitions} against the live brokers, writing the
     * changed states through the fence (conditional on their partition epochs, re-read and retried
     * on conflict). Returns the partitions whose state changed.
     */
    Set<TopicPartition> electLeaders(Collection<TopicPartition> partitions) {
        Set<Integer> live = ctx.liveBrokers.keySet();
        Set<Integer> eligible = new TreeSet<>(live);
        eligible.removeAll(ctx.shuttingDownBrokers);
        // A partition that needs a new leader never gets a broker in controlled shutdown (nor keeps
        // it in the ISR), as in Kafka; a live leader's partition only loses dead ISR members.
        return updateStates(partitions, (tp, current) -> PartitionLeaderElection.elect(current, ctx.replicas(tp),
                live.contains(current.leader()) ? live : eligible, ctx.epoch,
                () -> uncleanLeaderElectionEnabled(tp.topic())));
    }

    /** A controller decision for one partition: its next state given the current one, or empty to leave it. */
    @FunctionalInterface
    interface Decision {
        Optional<PartitionState> next(TopicPartition tp, PartitionState current);
    }

    /**
     * Applies {@code decision} to {@code partitions} (skipping those without state or being
     * deleted) and writes the changed states through the fence, each conditional on its partition
     * epoch; a partition whose write conflicts is re-read and decided again, up to a few rounds.
     * Returns the partitions whose state changed.
     */
    Set<TopicPartition> updateStates(Collection<TopicPartition> partitions, Decision decision) {
        Set<TopicPartition> changed = new TreeSet<>();
        List<TopicPartition> todo = new ArrayList<>(partitions);
        for (int round = 1; round <= MAX_STATE_WRITE_ROUNDS && !todo.isEmpty(); round++) {
            List<VersionedPartitionState> writes = new ArrayList<>();
            for (TopicPartition tp : todo) {
                VersionedPartitionState current = ctx.states.get(tp);
                if (current == null || ctx.topicsToDelete.contains(tp.topic())) {
                    continue;
                }
                decision.next(tp, current.state())
                        .ifPresent(next -> writes.add(new VersionedPartitionState(tp, next, current.zkVersion())));
            }
            if (writes.isEmpty()) {
                todo = List.of();
                break;
            }
            List<TopicPartition> conflicts = new ArrayList<>();
            var results = fence.updatePartitionStates(writes);
            for (VersionedPartitionState write : writes) {
                var result = results.get(write.partition());
                switch (result.status()) {
                    case UPDATED -> {
                        ctx.states.put(write.partition(), new VersionedPartitionState(write.partition(), write.state(),
                                result.newZkVersion()));
                        changed.add(write.partition());
                        log.info("Controller {} epoch {}: partition {} now leader {} epoch {} isr {}", ctx.controllerId,
                                ctx.epoch, write.partition(), write.state().leader(), write.state().leaderEpoch(),
                                write.state().isr());
                    }
                    case VERSION_CONFLICT -> conflicts.add(write.partition());
                    case NO_NODE -> {
                        log.warn("Controller {}: state znode of {} is gone; forgetting it", ctx.controllerId, write.partition());
                        ctx.states.remove(write.partition());
                    }
                }
            }
            if (!conflicts.isEmpty()) {
                ctx.states.putAll(zk.topics().getPartitionStates(conflicts));
            }
            todo = conflicts;
        }
        if (!todo.isEmpty()) {
            log.error("Controller {}: gave up updating partition states of {} after {} conflicting rounds",
                    ctx.controllerId, todo, MAX_STATE_WRITE_ROUNDS);
        }
        return changed;
    }

    private boolean uncleanLeaderElectionEnabled(String topic) {
        String override = zk.topics().getTopicConfig(topic).map(EntityConfig::config)
                .map(c -> c.get("unclean.leader.election.enable")).orElse(null);
        return override == null ? uncleanLeaderElectionDefault : Boolean.parseBoolean(override.trim());
    }
}
