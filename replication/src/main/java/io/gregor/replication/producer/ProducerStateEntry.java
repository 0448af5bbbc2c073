package io.gregor.replication.producer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What a partition remembers of one producer: its epoch, its last
 * {@link ProducerStateManager#BATCHES_RETAINED} batches, oldest first, each with its max timestamp
 * (which the snapshot file carries), the epoch of the transaction coordinator that wrote its last
 * marker (-1: none seen) and the first offset of its open transaction (-1: none). Mutable; owned by
 * its {@link ProducerStateManager}, which guards it.
 */
final class ProducerStateEntry {
    /** A batch kept for duplicate detection, with the max timestamp of its header. */
    record RetainedBatch(BatchMetadata batch, long maxTimestamp) {
    }

    static final int NO_COORDINATOR_EPOCH = -1;
    static final long NO_TRANSACTION = -1L;

    private short epoch;
    private final Deque<RetainedBatch> batches = new ArrayDeque<>();
    private int coordinatorEpoch = NO_COORDINATOR_EPOCH;
    private long currentTxnFirstOffset = NO_TRANSACTION;
    private long lastMarkerTimestamp = -1L; // the timestamp of the last marker, for a snapshot entry without batches

    ProducerStateEntry(short epoch) {
        this.epoch = epoch;
    }

    short epoch() {
        return epoch;
    }

    int coordinatorEpoch() {
        return coordinatorEpoch;
    }

    /** The first offset of this producer's open transaction in the partition, or -1. */
    long currentTxnFirstOffset() {
        return currentTxnFirstOffset;
    }

    long lastMarkerTimestamp() {
        return lastMarkerTimestamp;
    }

    /** The max timestamp of the last batch, or of the last marker when later (Kafka's lastTimestamp). */
    long lastTimestamp() {
        long batch = batches.isEmpty() ? -1L : batches.peekLast().maxTimestamp();
        return Math.max(batch, lastMarkerTimestamp);
    }

    /** The last sequence written under the current epoch, or -1 when none. */
    int lastSeq() {
        return batches.isEmpty() ? -1 : batches.peekLast().batch().lastSeq();
    }

    Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSeq, int lastSeq) {
        if (batchEpoch != epoch) {
            return Optional.empty();
        }
        for (RetainedBatch retained : batches) {
            BatchMetadata b = retained.batch();
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    void add(short batchEpoch, BatchMetadata batch, long maxTimestamp) {
        maybeUpdateEpoch(batchEpoch);
        batches.addLast(new RetainedBatch(batch, maxTimestamp));
        while (batches.size() > ProducerStateManager.BATCHES_RETAINED) {
            batches.removeFirst();
        }
    }

    /** A new epoch starts with no batches (its sequences start again at 0). */
    private void maybeUpdateEpoch(short newEpoch) {
        if (newEpoch != epoch) {
            epoch = newEpoch;
            batches.clear();
        }
    }

    /** A transactional batch at {@code firstOffset} opens a transaction unless one is open. Returns true if it did. */
    boolean beginTxnIfNone(long firstOffset) {
        if (currentTxnFirstOffset != NO_TRANSACTION) {
            return false;
        }
        currentTxnFirstOffset = firstOffset;
        return true;
    }

    /** A marker of {@code markerEpoch} from coordinator epoch {@code markerCoordinatorEpoch} ends the open transaction, if any. */
    void endTxn(short markerEpoch, int markerCoordinatorEpoch, long timestamp) {
        maybeUpdateEpoch(markerEpoch);
        coordinatorEpoch = markerCoordinatorEpoch;
        currentTxnFirstOffset = NO_TRANSACTION;
        lastMarkerTimestamp = timestamp;
    }

    /** Sets what a snapshot entry said of the transaction state. */
    void restoreTxnState(int snapshotCoordinatorEpoch, long snapshotTxnFirstOffset) {
        coordinatorEpoch = snapshotCoordinatorEpoch;
        currentTxnFirstOffset = snapshotTxnFirstOffset;
    }

    /** The retained batches, oldest first (a copy). */
    List<RetainedBatch> batches() {
        return List.copyOf(batches);
    }
}
