package io.gregor.faults.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the faults cost in availability, from the acknowledgement log and the group member's
 * progress: per partition, the longest time without an acknowledgement; for the topic as a whole,
 * the longest time without any acknowledgement; for the group member, the longest time without
 * consuming. Each fault is charged with the longest silence that overlaps its window (from its
 * start until the cluster was healthy again).
 */
final class Availability {
    private final List<Gaps> perPartition = new ArrayList<>();
    private final Gaps wholeTopic;
    private final Gaps group;
    private final long healBoundNanos;

    Availability(AckLog acks, List<Long> groupProgress, long runStartNanos, long runEndNanos, long healBoundNanos) {
        this.healBoundNanos = healBoundNanos;
        List<long[]> times = new ArrayList<>();
        int total = 0;
        for (int p = 0; p < acks.partitions(); p++) {
            long[] t = acks.acks(p).stream().mapToLong(AckLog.Ack::nanos).toArray();
            Arrays.sort(t);
            times.add(t);
            total += t.length;
            perPartition.add(Gaps.of(t, runStartNanos, runEndNanos));
        }
        long[] all = new long[total];
        int i = 0;
        for (long[] t : times) {
            System.arraycopy(t, 0, all, i, t.length);
            i += t.length;
        }
        Arrays.sort(all);
        this.wholeTopic = Gaps.of(all, runStartNanos, runEndNanos);
        this.group = Gaps.of(groupProgress.stream().mapToLong(Long::longValue).sorted().toArray(), runStartNanos, runEndNanos);
    }

    /** The longest time (ms) one partition went without an acknowledgement during the fault's window. */
    long partitionGap(FaultRecord fault) {
        long longest = 0;
        for (Gaps gaps : perPartition) {
            longest = Math.max(longest, gaps.longestOverlapping(fault.startNanos(), fault.windowEndNanos(healBoundNanos)));
        }
        return longest;
    }

    long topicGap(FaultRecord fault) {
        return wholeTopic.longestOverlapping(fault.startNanos(), fault.windowEndNanos(healBoundNanos));
    }

    long groupStall(FaultRecord fault) {
        return group.longestOverlapping(fault.startNanos(), fault.windowEndNanos(healBoundNanos));
    }

    long longestPartitionGap() {
        return perPartition.stream().mapToLong(Gaps::longest).max().orElse(0);
    }

    long longestTopicGap() {
        return wholeTopic.longest();
    }

    long longestGroupStall() {
        return group.longest();
    }
}
