package io.gregor.faults.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The judgement of a {@code cut-leader} fault, made after the verifying read: a leader cut off
 * from its followers (it keeps ZooKeeper and its clients) must stop acknowledging acks=all writes
 * within {@code replica.lag.time.max.ms}. An acknowledgement during the cut counts against it only
 * if its record was written in the leader epoch the partition had when the cut began (the epoch of
 * the last record acknowledged before it); a record of a later epoch was acknowledged by a new
 * leader (a preferred-leader election can move a partition during the cut), which is legitimate.
 * What the cut leader acknowledged must also survive the heal: that is the lost count.
 */
final class CutLeaderCheck {

    /**
     * @param lastAckInLeaderEpochMs when, after the cut began, the latest acknowledgement in the cut leader's epoch came (-1: none)
     * @param acksFromNewLeader      acknowledgements during the cut of records written by a new leader
     * @param violation              set when the cut leader acknowledged later than {@code replica.lag.time.max.ms}
     */
    record Result(FaultRecord fault, long lastAckInLeaderEpochMs, long acksFromNewLeader, Optional<String> violation) {
    }

    private CutLeaderCheck() {
    }

    static List<Result> judge(List<FaultRecord> faults, AckLog acks, Verdict verdict, long replicaLagTimeMaxMs) {
        List<Result> results = new ArrayList<>();
        for (FaultRecord fault : faults) {
            fault.cutWindow().ifPresent(window -> results.add(judge(fault, window, acks, verdict, replicaLagTimeMaxMs)));
        }
        return results;
    }

    private static Result judge(FaultRecord fault, FaultInjector.CutWindow window, AckLog acks, Verdict verdict,
                                long replicaLagTimeMaxMs) {
        long latestInEpoch = -1;
        long fromNewLeader = 0;
        for (int partition : window.ledPartitions()) {
            int epochAtCut = -1;
            for (AckLog.Ack ack : acks.acks(partition)) {
                int epoch = verdict.leaderEpoch(partition, ack.seq());
                if (ack.nanos() < fault.startNanos()) {
                    epochAtCut = epoch;
                } else if (ack.nanos() <= window.healNanos()) {
                    if (epoch > epochAtCut && epochAtCut >= 0) {
                        fromNewLeader++;
                    } else {
                        latestInEpoch = Math.max(latestInEpoch, ack.nanos()); // the cut leader's, or unknown: counted against it
                    }
                }
            }
        }
        long lastMs = latestInEpoch < 0 ? -1 : RunClock.millisBetween(fault.startNanos(), latestInEpoch);
        Optional<String> violation = lastMs > replicaLagTimeMaxMs
                ? Optional.of("the cut-off leader " + fault.target() + " acknowledged writes in its own leader epoch "
                        + lastMs + " ms after the cut (replica.lag.time.max.ms=" + replicaLagTimeMaxMs + ")")
                : Optional.empty();
        return new Result(fault, lastMs, fromNewLeader, violation);
    }
}
