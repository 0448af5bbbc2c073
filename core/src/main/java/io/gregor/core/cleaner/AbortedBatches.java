package io.gregor.core.cleaner;

import io.gregor.core.index.AbortedTxn;
import io.gregor.core.log.FileBatch;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells, batch by batch in offset order, which transactional batches belong to an aborted
 * transaction, so that the cleaner neither counts their keys nor keeps them, as Kafka's cleaner
 * discards aborted data. Fed the aborted transactions that overlap the scanned range (from the
 * {@code .txnindex}); a transaction becomes "aborted in progress" at its first offset and ends at its
 * producer's next control batch (its ABORT marker), as a read_committed consumer reads them. Not
 * thread safe: one per scan.
 */
final class AbortedBatches {
    private final Deque<AbortedTxn> pending; // by first offset
    private final Set<Long> abortedProducers = new HashSet<>();

    AbortedBatches(List<AbortedTxn> overlapping) {
        this.pending = new ArrayDeque<>(overlapping.stream().sorted(Comparator.comparingLong(AbortedTxn::firstOffset)).toList());
    }

    /** Whether {@code batch}, the next batch of the scan, is data of an aborted transaction. Call for every batch, in order. */
    boolean isAborted(FileBatch batch) {
        while (!pending.isEmpty() && pending.peekFirst().firstOffset() <= batch.lastOffset()) {
            abortedProducers.add(pending.pollFirst().producerId());
        }
        if (batch.isControlBatch()) {
            abortedProducers.remove(batch.producerId()); // the marker that ends the producer's transaction
            return false;
        }
        return batch.isTransactional() && abortedProducers.contains(batch.producerId());
    }
}
