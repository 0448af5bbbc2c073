package io.gregor.replication.producer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * What a partition remembers of one producer: its epoch and its last
 * {@link ProducerStateManager#BATCHES_RETAINED} batches, oldest first. Mutable; owned by its
 * {@link ProducerStateManager}, which guards it.
 */
final class ProducerStateEntry {
    private short epoch;
    private final Deque<BatchMetadata> batches = new ArrayDeque<>();

    ProducerStateEntry(short epoch) {
        this.epoch = epoch;
    }

    short epoch() {
        return epoch;
    }

    /** The last sequence written under the current epoch, or -1 when none. */
    int lastSeq() {
        return batches.isEmpty() ? -1 : batches.peekLast().lastSeq();
    }

    Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSeq, int lastSeq) {
        if (batchEpoch != epoch) {
            return Optional.empty();
        }
        for (BatchMetadata b : batches) {
            if (b.firstSeq() == firstSeq && b.lastSeq() == lastSeq) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    void add(short batchEpoch, BatchMetadata batch) {
        if (batchEpoch != epoch) {
            epoch = batchEpoch;
            batches.clear();
        }
        batches.addLast(batch);
        while (batches.size() > ProducerStateManager.BATCHES_RETAINED) {
            batches.removeFirst();
        }
    }
}
