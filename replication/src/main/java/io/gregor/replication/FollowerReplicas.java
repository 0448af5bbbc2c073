package io.gregor.replication;

import io.gregor.core.log.TopicPartition;
import io.gregor.replication.isr.IsrProposal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The followers of a partition this broker leads, as the leader sees them ({@link FollowerReplica}
 * each), and what follows from their positions: the high watermark candidate (the smallest log end
 * offset over the maximal ISR), the low watermark (DeleteRecords), whether a follower may join the
 * ISR, which members fell behind, and the ISR change proposals naming the members' broker epochs.
 *
 * <p>Not thread safe: the owning {@link Partition} calls it under its lock, which also guards the
 * {@link IsrState} shared with it.
 */
final class FollowerReplicas {
    private final int localBrokerId;
    private final IsrState isrState; // the partition's
    private final Map<Integer, FollowerReplica> followers = new HashMap<>();
    private long leaderEpochStartOffset; // the log end offset when this broker's current leader epoch began

    FollowerReplicas(int localBrokerId, IsrState isrState) {
        this.localBrokerId = localBrokerId;
        this.isrState = isrState;
    }

    /**
     * This broker leads {@code replicas}: a new leader epoch ({@code newEpoch}) forgets every
     * follower's position and starts at {@code logEndOffset}; ISR members get a full lag period
     * (from {@code now}) to fetch from the new leader before they can be dropped.
     */
    void lead(boolean newEpoch, long logEndOffset, List<Integer> replicas, long now) {
        if (newEpoch) {
            followers.clear();
            leaderEpochStartOffset = logEndOffset;
        }
        for (int replica : replicas) {
            if (replica != localBrokerId) {
                followers.computeIfAbsent(replica, r -> new FollowerReplica(isrState.isr().contains(r) ? now : 0L));
            }
        }
        followers.keySet().retainAll(replicas);
    }

    /** No longer the leader: the followers' positions are forgotten. */
    void clear() {
        followers.clear();
    }

    /** Records a fetch of follower {@code replicaId} (see {@link FollowerReplica#updateFetchState}). */
    void update(int replicaId, long brokerEpoch, long fetchOffset, long followerLogStartOffset, long leaderLogEndOffset,
                long now) {
        followers.computeIfAbsent(replicaId, r -> new FollowerReplica(0L))
                .updateFetchState(fetchOffset, followerLogStartOffset, leaderLogEndOffset, now, brokerEpoch);
    }

    /** The smallest log end offset over the maximal ISR, the leader's being {@code leaderLogEndOffset}. */
    long highWatermarkCandidate(long leaderLogEndOffset) {
        long candidate = leaderLogEndOffset;
        for (int member : isrState.maximalIsr()) {
            if (member != localBrokerId) {
                FollowerReplica f = followers.get(member);
                candidate = Math.min(candidate, f == null ? 0L : Math.max(0L, f.logEndOffset()));
            }
        }
        return candidate;
    }

    /**
     * The smallest log start offset over the leader ({@code leaderLogStartOffset}) and the ISR
     * followers (one that has not reported one since this leadership began counts as -1).
     */
    long lowWatermark(long leaderLogStartOffset) {
        long lowWatermark = leaderLogStartOffset;
        for (int member : isrState.maximalIsr()) {
            if (member != localBrokerId) {
                FollowerReplica f = followers.get(member);
                lowWatermark = Math.min(lowWatermark, f == null ? -1L : f.logStartOffset());
            }
        }
        return lowWatermark;
    }

    /** True if {@code replicaId} reached both the high watermark and the start of this leader's epoch. */
    boolean caughtUpToJoin(int replicaId, long highWatermark) {
        FollowerReplica follower = followers.get(replicaId);
        return follower != null && follower.logEndOffset() >= highWatermark
                && follower.logEndOffset() >= leaderEpochStartOffset;
    }

    /** The ISR members still caught up within {@code lagTimeMaxMs} of {@code now} (this broker always). */
    List<Integer> caughtUpMembers(List<Integer> isr, long now, long lagTimeMaxMs) {
        List<Integer> kept = new ArrayList<>();
        for (int member : isr) {
            FollowerReplica f = followers.get(member);
            if (member == localBrokerId || (f != null && now - f.lastCaughtUpTimeMs() <= lagTimeMaxMs)) {
                kept.add(member);
            }
        }
        return kept;
    }

    /** Proposes {@code newIsr} at {@code leaderEpoch}, naming the broker epochs of the members' last fetches. */
    IsrProposal propose(TopicPartition topicPartition, int leaderEpoch, List<Integer> newIsr) {
        Map<Integer, Long> followerEpochs = new HashMap<>();
        for (int member : newIsr) {
            FollowerReplica f = followers.get(member);
            if (f != null && f.brokerEpoch() != FollowerReplica.UNKNOWN_BROKER_EPOCH) {
                followerEpochs.put(member, f.brokerEpoch());
            }
        }
        return isrState.pending(new IsrProposal(topicPartition, leaderEpoch, newIsr, isrState.partitionEpoch(),
                followerEpochs));
    }

    /** The log end offset follower {@code replicaId} last fetched from, -1 if unknown. */
    long logEndOffset(int replicaId) {
        FollowerReplica f = followers.get(replicaId);
        return f == null ? -1L : f.logEndOffset();
    }
}
