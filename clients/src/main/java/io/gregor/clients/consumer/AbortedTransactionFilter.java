package io.gregor.clients.consumer;

import io.gregor.clients.record.CloseableIterator;
import io.gregor.clients.record.ControlRecordType;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, batch by batch in offset order, which transactional batches of one fetched range belong
 * to aborted transactions. A producer becomes "aborted" when the scan reaches the first offset of
 * one of its aborted transactions, and stops being so at its ABORT marker; while aborted, its
 * transactional data batches are dropped. Single use, one partition, one thread (the shared
 * filter for an empty list never changes: it returns before touching its state).
 */
final class AbortedTransactionFilter {
    /** Aborted transactions not yet reached, by first offset. */
    private final Deque<AbortedTransaction> pending;
    /** Producers inside an aborted transaction at the current scan position. */
    private final Set<Long> abortedProducers = new HashSet<>();

    /** Drops nothing; shared, as it never changes (read_uncommitted, or no aborted transaction in the range). */
    private static final AbortedTransactionFilter NONE = new AbortedTransactionFilter(List.of());

    static AbortedTransactionFilter of(List<AbortedTransaction> aborted) {
        return aborted.isEmpty() ? NONE : new AbortedTransactionFilter(aborted);
    }

    private AbortedTransactionFilter(List<AbortedTransaction> aborted) {
        this.pending = new ArrayDeque<>(aborted.stream()
                .sorted(Comparator.comparingLong(AbortedTransaction::firstOffset)).toList());
    }

    /** True when {@code batch} holds records of an aborted transaction that must not reach the user. */
    boolean dropsBatch(RecordBatch batch) {
        if (!batch.hasProducerId() || (pending.isEmpty() && abortedProducers.isEmpty())) {
            return false;
        }
        while (!pending.isEmpty() && pending.peekFirst().firstOffset() <= batch.lastOffset()) {
            abortedProducers.add(pending.pollFirst().producerId());
        }
        if (batch.isControlBatch()) {
            if (isAbortMarker(batch)) {
                abortedProducers.remove(batch.producerId());
            }
            return false;
        }
        return batch.isTransactional() && abortedProducers.contains(batch.producerId());
    }

    private static boolean isAbortMarker(RecordBatch batch) {
        if (!batch.isTransactional()) {
            return false;
        }
        try (CloseableIterator<Record> it = batch.records()) {
            return it.hasNext() && ControlRecordType.parse(it.next().key()) == ControlRecordType.ABORT;
        }
    }
}
