package io.gregor.replication.producer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What a partition remembers of one producer: its epoch and its last
 * {@link ProducerStateManager#BATCHES_RETAINED} batches, oldest first, each with its max timestamp
 * (which the snapshot file carries). Mutable; owned by its {@link ProducerStateManager}, which
 * guards it.
 */
final class ProducerStateEntry {
    /** A batch kept for duplicate detection, with the max timestamp of its header. */
    record RetainedBatch(BatchMetadata batch, long maxTimestamp) {
    }

    private short epoch;
    private final Deque<RetainedBatch> batches = new ArrayDeque<>();

    ProducerStateEntry(short epoch) {
        this.epoch = epoch;
    }

    short epoch() {
        return epoch;
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
        if (batchEpoch != epoch) {
            epoch = batchEpoch;
            batches.clear();
        }
        batches.addLast(new RetainedBatch(batch, maxTimestamp));
        while (batches.size() > ProducerStateManager.BATCHES_RETAINED) {
            batches.removeFirst();
        }
    }

    /** The retained batches, oldest first (a copy). */
    List<RetainedBatch> batches() {
        return List.copyOf(batches);
    }
}
