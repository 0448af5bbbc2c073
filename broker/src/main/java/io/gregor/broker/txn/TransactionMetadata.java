package io.gregor.broker.txn;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.HashSet;
import java.util.Set;

/**
 * One transactional id's state at its coordinator, and the state machine that moves it: a change
 * is first prepared (the returned {@link TxnTransit} is what will be stored, the state is marked
 * pending so that other requests answer CONCURRENT_TRANSACTIONS), then written to
 * {@code __transaction_state}, then completed ({@link #completeTransition}) or abandoned
 * ({@link #abandonPending}). Only transitions Kafka allows are prepared; any other is an
 * IllegalStateException (a coordinator bug, never a client's doing).
 *
 * <p>Every field is guarded by this object's monitor; callers hold it across a check and the
 * prepare that follows ({@code synchronized (metadata) {...}}).
 */
public final class TransactionMetadata {
    /** The highest epoch handed out; the last one is kept so that the coordinator can always fence. */
    static final short MAX_EPOCH = Short.MAX_VALUE - 1;
    static final short NO_EPOCH = -1;
    static final long NO_PRODUCER_ID = -1L;

    public final String transactionalId;
    long producerId;
    long lastProducerId;
    short producerEpoch;
    short lastProducerEpoch;
    int txnTimeoutMs;
    TransactionState state;
    final Set<TopicPartition> partitions = new HashSet<>();
    long txnStartTimestamp;
    long txnLastUpdateTimestamp;
    /** The state a prepared, not yet stored transition leads to, or null. */
    TransactionState pendingState;
    /** An epoch fence whose write failed: the bumped epoch was never handed out, so the next fence reuses it. */
    boolean hasFailedEpochFence;

    TransactionMetadata(String transactionalId, TxnTransit stored) {
        this.transactionalId = transactionalId;
        this.producerId = stored.producerId();
        this.lastProducerId = stored.lastProducerId();
        this.producerEpoch = stored.producerEpoch();
        this.lastProducerEpoch = stored.lastProducerEpoch();
        this.txnTimeoutMs = stored.txnTimeoutMs();
        this.state = stored.state();
        this.partitions.addAll(stored.partitions());
        this.txnStartTimestamp = stored.txnStartTimestamp();
        this.txnLastUpdateTimestamp = stored.txnLastUpdateTimestamp();
    }

    /** A new transactional id: its first producer id, no epoch yet, Empty. */
    static TransactionMetadata fresh(String transactionalId, long producerId, int txnTimeoutMs, long now) {
        return new TransactionMetadata(transactionalId, new TxnTransit(producerId, NO_PRODUCER_ID, NO_EPOCH, NO_EPOCH,
                txnTimeoutMs, TransactionState.EMPTY, Set.of(), -1L, now));
    }

    static boolean isEpochExhausted(short epoch) {
        return epoch >= MAX_EPOCH;
    }

    boolean isProducerEpochExhausted() {
        return isEpochExhausted(producerEpoch);
    }

    boolean pendingTransitionInProgress() {
        return pendingState != null;
    }

    /** The current state as it would be stored (for describe and for tests). */
    TxnTransit current() {
        return new TxnTransit(producerId, lastProducerId, producerEpoch, lastProducerEpoch, txnTimeoutMs, state,
                partitions, txnStartTimestamp, txnLastUpdateTimestamp);
    }

    /** An ongoing transaction is being taken over: bump the epoch (once, even after a failed attempt), then abort. */
    TxnTransit prepareFenceProducerEpoch() {
        if (producerEpoch == Short.MAX_VALUE) {
            throw new IllegalStateException("cannot fence producer " + producerId + " at epoch " + producerEpoch);
        }
        short bumped = hasFailedEpochFence ? producerEpoch : (short) (producerEpoch + 1);
        return prepare(TransactionState.PREPARE_EPOCH_FENCE, producerId, bumped, NO_EPOCH, txnTimeoutMs, partitions,
                txnStartTimestamp, txnLastUpdateTimestamp);
    }

    /**
     * InitProducerId on an idle transactional id: the next epoch. With no expected epoch (a new
     * producer) any older holder is fenced; with the current (or no current) epoch expected, a
     * producer recovers (KIP-360); with the previous epoch expected, a retry gets the same answer
     * again; any other expected epoch is PRODUCER_FENCED.
     */
    Result prepareIncrementProducerEpoch(int newTimeoutMs, Short expectedEpoch, long now) {
        if (isProducerEpochExhausted()) {
            throw new IllegalStateException("producer " + producerId + " has no epochs left");
        }
        short bumped = (short) (producerEpoch + 1);
        short next;
        short last;
        if (expectedEpoch == null) {
            next = bumped;
            last = NO_EPOCH;
        } else if (producerEpoch == NO_EPOCH || expectedEpoch == producerEpoch) {
            next = bumped;
            last = producerEpoch;
        } else if (expectedEpoch == lastProducerEpoch) {
            next = producerEpoch;
            last = lastProducerEpoch;
        } else {
            return Result.error(Errors.PRODUCER_FENCED);
        }
        return Result.of(prepare(TransactionState.EMPTY, producerId, next, last, newTimeoutMs, Set.of(), -1L, now));
    }

    /** InitProducerId when the epochs of the current producer id are used up: a new id at epoch 0. */
    TxnTransit prepareProducerIdRotation(long newProducerId, int newTimeoutMs, long now, boolean recordLastEpoch) {
        if (!state.isIdle()) {
            throw new IllegalStateException("cannot rotate the producer id of " + transactionalId + " in " + state);
        }
        return prepare(TransactionState.EMPTY, newProducerId, (short) 0, recordLastEpoch ? producerEpoch : NO_EPOCH,
                newTimeoutMs, Set.of(), -1L, now);
    }

    /** AddPartitionsToTxn / AddOffsetsToTxn: Ongoing with these partitions added; a new transaction starts now. */
    TxnTransit prepareAddPartitions(Set<TopicPartition> added, long now) {
        Set<TopicPartition> all = new HashSet<>(partitions);
        all.addAll(added);
        long start = state.isIdle() ? now : txnStartTimestamp;
        return prepare(TransactionState.ONGOING, producerId, producerEpoch, lastProducerEpoch, txnTimeoutMs, all, start,
                now);
    }

    /** EndTxn: PrepareCommit or PrepareAbort with the transaction's partitions. */
    TxnTransit prepareAbortOrCommit(TransactionState next, long now) {
        return prepare(next, producerId, producerEpoch, lastProducerEpoch, txnTimeoutMs, partitions, txnStartTimestamp,
                now);
    }

    /** Markers written: CompleteCommit or CompleteAbort, no partitions. */
    TxnTransit prepareComplete(long now) {
        TransactionState next = state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT
                : TransactionState.COMPLETE_ABORT;
        hasFailedEpochFence = false;
        return prepare(next, producerId, producerEpoch, lastProducerEpoch, txnTimeoutMs, Set.of(), txnStartTimestamp, now);
    }

    /** transactional.id.expiration.ms passed: the id is removed (a tombstone is written). */
    TxnTransit prepareDead() {
        return prepare(TransactionState.DEAD, producerId, producerEpoch, lastProducerEpoch, txnTimeoutMs, Set.of(),
                txnStartTimestamp, txnLastUpdateTimestamp);
    }

    /**
     * The fence prepared by {@link #prepareFenceProducerEpoch} becomes an abort: the bumped epoch is
     * taken now (in memory; it is stored with the PrepareAbort that follows).
     */
    void takeFencedEpoch(short bumpedEpoch) {
        pendingState = null;
        producerEpoch = bumpedEpoch;
        lastProducerEpoch = NO_EPOCH;
    }

    /** The prepared {@code transit} was stored: it becomes the current state. */
    void completeTransition(TxnTransit transit) {
        if (pendingState != transit.state()) {
            throw new IllegalStateException("completing " + transit + " of " + transactionalId + " but the pending state is "
                    + pendingState);
        }
        if (!transit.state().validPreviousStates().contains(state)) {
            throw new IllegalStateException("illegal transition of " + transactionalId + " from " + state + " to " + transit);
        }
        lastProducerId = transit.lastProducerId();
        producerId = transit.producerId();
        producerEpoch = transit.producerEpoch();
        lastProducerEpoch = transit.lastProducerEpoch();
        txnTimeoutMs = transit.txnTimeoutMs();
        partitions.clear();
        partitions.addAll(transit.partitions());
        txnStartTimestamp = transit.txnStartTimestamp();
        txnLastUpdateTimestamp = transit.txnLastUpdateTimestamp();
        state = transit.state();
        pendingState = null;
    }

    /** The prepared transition was not stored: nothing changes. */
    void abandonPending() {
        pendingState = null;
    }

    private TxnTransit prepare(TransactionState next, long newProducerId, short newEpoch, short newLastEpoch,
                               int newTimeoutMs, Set<TopicPartition> newPartitions, long newStart, long updated) {
        if (pendingState != null) {
            throw new IllegalStateException("preparing " + next + " for " + transactionalId + " while " + pendingState
                    + " is pending");
        }
        if (!next.validPreviousStates().contains(state)) {
            throw new IllegalStateException("illegal transition of " + transactionalId + " from " + state + " to " + next);
        }
        if (newProducerId < 0 || (next != TransactionState.DEAD && newEpoch < 0)) {
            throw new IllegalArgumentException("illegal producer id/epoch " + newProducerId + "/" + newEpoch);
        }
        pendingState = next;
        return new TxnTransit(newProducerId, producerId, newEpoch, newLastEpoch, newTimeoutMs, next, newPartitions,
                newStart, updated);
    }

    /** A prepared transition, or the error to answer instead. */
    record Result(Errors error, TxnTransit transit) {
        static Result error(Errors error) {
            return new Result(error, null);
        }

        static Result of(TxnTransit transit) {
            return new Result(Errors.NONE, transit);
        }
    }
}
