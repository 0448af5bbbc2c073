package io.gregor.coordination.controller;

import io.gregor.coordination.zk.PartitionState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The controller's leader and ISR decisions for one partition, given the live brokers (Kafka's
 * offline-partition election and replica-offline ISR shrink in one step). Pure functions.
 *
 * <ul>
 *   <li>Leader alive: the ISR loses its dead members; the leader stays.</li>
 *   <li>Leader dead or none: the first replica in assignment order that is alive and in the ISR
 *       leads, with the live ISR. If there is none and unclean election is allowed, the first live
 *       replica leads with an ISR of itself (data may be lost). Otherwise the partition goes
 *       offline: leader -1, and the ISR keeps the last leader so that it can lead again when it
 *       returns, as Kafka does.</li>
 *   <li>Any change bumps the leader epoch; an unchanged partition yields empty.</li>
 * </ul>
 */
public final class PartitionLeaderElection {

    private PartitionLeaderElection() {
    }

    /**
     * The new state of a partition, or empty if nothing changes.
     *
     * @param uncleanAllowed asked only when no in-sync replica is alive
     */
    public static Optional<PartitionState> elect(PartitionState current, List<Integer> replicas, Set<Integer> live,
                                                 int controllerEpoch, BooleanSupplier uncleanAllowed) {
        List<Integer> liveIsr = current.isr().stream().filter(live::contains).toList();
        int leader = current.leader();
        if (leader != PartitionState.NO_LEADER && live.contains(leader)) {
            if (liveIsr.equals(current.isr())) {
                return Optional.empty();
            }
            return Optional.of(next(current, leader, liveIsr, controllerEpoch));
        }
        Optional<Integer> clean = replicas.stream().filter(r -> live.contains(r) && liveIsr.contains(r)).findFirst();
        if (clean.isPresent()) {
            return Optional.of(next(current, clean.get(), withLeader(liveIsr, clean.get()), controllerEpoch));
        }
        Optional<Integer> anyLive = replicas.stream().filter(live::contains).findFirst();
        if (anyLive.isPresent() && uncleanAllowed.getAsBoolean()) {
            return Optional.of(next(current, anyLive.get(), List.of(anyLive.get()), controllerEpoch));
        }
        if (leader == PartitionState.NO_LEADER) {
            return Optional.empty();
        }
        List<Integer> offlineIsr = current.isr().contains(leader) ? List.of(leader) : current.isr();
        return Optional.of(next(current, PartitionState.NO_LEADER, offlineIsr, controllerEpoch));
    }

    /**
     * Controlled shutdown of the brokers in {@code shuttingDown}: the ISR loses them; if the leader
     * is one of them, the first replica in assignment order that is live, in that ISR and not
     * shutting down takes over. When the leader has no such successor the partition is left as it
     * is (the leader keeps serving until it stops). Empty when nothing changes.
     */
    public static Optional<PartitionState> controlledShutdown(PartitionState current, List<Integer> replicas,
                                                              Set<Integer> live, Set<Integer> shuttingDown,
                                                              int controllerEpoch) {
        List<Integer> remainingIsr = current.isr().stream().filter(r -> !shuttingDown.contains(r)).toList();
        int leader = current.leader();
        if (!shuttingDown.contains(leader)) {
            if (remainingIsr.equals(current.isr()) || remainingIsr.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(next(current, leader, remainingIsr, controllerEpoch));
        }
        return replicas.stream()
                .filter(r -> live.contains(r) && remainingIsr.contains(r) && !shuttingDown.contains(r))
                .findFirst()
                .map(successor -> next(current, successor, remainingIsr, controllerEpoch));
    }

    /**
     * Preferred-leader election: the first replica of the assignment leads when it is live, in the
     * ISR and not shutting down, and does not lead already; the ISR is kept. Empty otherwise.
     */
    public static Optional<PartitionState> preferred(PartitionState current, List<Integer> replicas, Set<Integer> live,
                                                     Set<Integer> shuttingDown, int controllerEpoch) {
        if (replicas.isEmpty()) {
            return Optional.empty();
        }
        int preferred = replicas.get(0);
        if (current.leader() == preferred || !live.contains(preferred) || !current.isr().contains(preferred)
                || shuttingDown.contains(preferred)) {
            return Optional.empty();
        }
        return Optional.of(next(current, preferred, current.isr(), controllerEpoch));
    }

    /**
     * A reassignment step (Kafka's reassigned-partition leader election): the replica set becomes
     * {@code replicas}; the ISR keeps only its members, the leader stays if it is one of them and
     * live, else the first of {@code replicas} that is live, in that ISR and not shutting down
     * leads. The leader epoch is always bumped, so that every replica learns the new replica set.
     * Empty when no replica can lead.
     */
    public static Optional<PartitionState> reassigned(PartitionState current, List<Integer> replicas, Set<Integer> live,
                                                      Set<Integer> shuttingDown, int controllerEpoch) {
        List<Integer> isr = current.isr().stream().filter(replicas::contains).toList();
        int leader = current.leader();
        if (!replicas.contains(leader) || !live.contains(leader)) {
            Optional<Integer> successor = replicas.stream()
                    .filter(r -> live.contains(r) && isr.contains(r) && !shuttingDown.contains(r)).findFirst();
            if (successor.isEmpty()) {
                return Optional.empty();
            }
            leader = successor.get();
        }
        return Optional.of(next(current, leader, withLeader(isr, leader), controllerEpoch));
    }

    /** The state of a new partition: the first live replica leads, the live replicas are in sync; empty if none is live. */
    public static Optional<PartitionState> initial(List<Integer> replicas, Set<Integer> live, int controllerEpoch) {
        List<Integer> liveReplicas = replicas.stream().filter(live::contains).toList();
        if (liveReplicas.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PartitionState(liveReplicas.get(0), 0, liveReplicas, controllerEpoch));
    }

    /**
     * True when {@code next} gives the partition a leader from outside its ISR in {@code current}
     * (an unclean election: records only that replica had may be lost).
     */
    public static boolean isUnclean(PartitionState current, PartitionState next) {
        return next.leader() != PartitionState.NO_LEADER && next.leader() != current.leader()
                && !current.isr().contains(next.leader());
    }

    private static List<Integer> withLeader(List<Integer> isr, int leader) {
        if (isr.contains(leader)) {
            return isr;
        }
        List<Integer> result = new ArrayList<>(isr);
        result.add(0, leader);
        return result;
    }

    private static PartitionState next(PartitionState current, int leader, List<Integer> isr, int controllerEpoch) {
        return new PartitionState(leader, current.leaderEpoch() + 1, isr, controllerEpoch, current.leaderRecoveryState());
    }
}
