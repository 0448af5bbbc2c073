package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.replication.isr.AlterPartitionOutcome;
import io.gregor.replication.isr.IsrProposal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ISR of one partition as its replica knows it (Kafka's {@code PartitionState}): the committed
 * ISR with its partition epoch, and the change in flight to the controller, if any. The current ISR
 * stays in force until the controller commits a change, but a member being added already counts
 * for the high watermark ({@link #maximalIsr()}).
 *
 * <p>Thread safety: written only under the owning {@link Partition}'s lock; {@code isr},
 * {@code partitionEpoch} and {@code pendingIsr} are volatile so they can be read without it.
 */
final class IsrState {
    private volatile int partitionEpoch = -1;    // written under the partition's lock
    private volatile List<Integer> isr = List.of(); // written under the partition's lock
    private volatile List<Integer> pendingIsr;   // an ISR change in flight to the controller; written under the partition's lock
    private IsrProposal pendingProposal;          // the proposal pendingIsr came from (matched by identity); under the partition's lock

    int partitionEpoch() {
        return partitionEpoch;
    }

    List<Integer> isr() {
        return isr;
    }

    /** The ISR change waiting for the controller's answer, or null. */
    List<Integer> pendingIsr() {
        return pendingIsr;
    }

    boolean hasPending() {
        return pendingIsr != null;
    }

    /** The ISR and partition epoch a LeaderAndIsr committed; any change in flight is dropped. */
    void commit(List<Integer> newIsr, int newPartitionEpoch) {
        partitionEpoch = newPartitionEpoch;
        isr = newIsr;
        clearPending();
    }

    private void clearPending() {
        pendingIsr = null;
        pendingProposal = null;
    }

    /** The ISR including a member being added while its AlterPartition is in flight. */
    Set<Integer> maximalIsr() {
        Set<Integer> members = new LinkedHashSet<>(isr);
        if (pendingIsr != null) {
            members.addAll(pendingIsr);
        }
        return members;
    }

    /** Records {@code proposal} as the change in flight. */
    IsrProposal pending(IsrProposal proposal) {
        pendingIsr = List.copyOf(proposal.newIsr());
        pendingProposal = proposal;
        return proposal;
    }

    /** What applying the controller's answer to a proposal did. */
    enum AnswerEffect {
        /** The answer changed nothing committed. */
        IGNORED,
        /** The answer's ISR and partition epoch were adopted (the ISR may be the same). */
        ADOPTED,
        /** The answer's ISR and partition epoch were adopted and the ISR differs from before. */
        CHANGED
    }

    /**
     * Applies the controller's answer to {@code proposal} of the current {@code leaderEpoch} (the
     * caller checks leadership and the epoch). A committed change (NONE) of this leader epoch newer
     * than the partition epoch known here is adopted whether or not it is the change in flight now
     * (an earlier proposal can be answered after a LeaderAndIsr or a newer proposal replaced it: the
     * answer is still what ZooKeeper holds). Errors only concern the proposal in flight (matched by
     * identity, as two proposals may be equal): after INVALID_UPDATE_VERSION, FENCED_LEADER_EPOCH,
     * NEW_LEADER_ELECTED or UNKNOWN_TOPIC_OR_PARTITION it stays pending unless a newer partition
     * epoch has been learnt meanwhile (then a later check proposes again from it); after other
     * errors a later check may propose again.
     */
    AnswerEffect applyAnswer(IsrProposal proposal, AlterPartitionOutcome outcome, int leaderEpoch) {
        boolean inFlight = proposal == pendingProposal;
        if (outcome.error() == Errors.NONE) {
            if (outcome.leaderEpoch() != leaderEpoch || outcome.partitionEpoch() < partitionEpoch
                    || (outcome.partitionEpoch() == partitionEpoch && !inFlight)) {
                if (inFlight) {
                    clearPending();
                }
                return AnswerEffect.IGNORED;
            }
            boolean changed = !outcome.isr().equals(isr);
            isr = outcome.isr();
            partitionEpoch = outcome.partitionEpoch();
            if (inFlight || (pendingProposal != null && pendingProposal.partitionEpoch() < partitionEpoch
                    && pendingIsr.equals(isr))) {
                clearPending();
            }
            return changed ? AnswerEffect.CHANGED : AnswerEffect.ADOPTED;
        }
        if (!inFlight) {
            return AnswerEffect.IGNORED;
        }
        switch (outcome.error()) {
            case INVALID_UPDATE_VERSION, FENCED_LEADER_EPOCH, NEW_LEADER_ELECTED, UNKNOWN_TOPIC_OR_PARTITION -> {
                if (proposal.partitionEpoch() < partitionEpoch) {
                    clearPending();
                }
            }
            default -> clearPending();
        }
        return AnswerEffect.IGNORED;
    }
}
