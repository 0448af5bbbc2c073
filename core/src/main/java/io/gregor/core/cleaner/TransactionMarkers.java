package io.gregor.core.cleaner;

import io.gregor.core.log.FileBatch;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides, in one cleaning pass over a log from its first segment, which transaction markers may go,
 * as Kafka's cleaner does: a COMMIT or ABORT marker is no longer needed once the pass traversed no
 * batch of its transaction (every one of them was compacted or, aborted, removed by an earlier pass),
 * since neither a read_committed consumer nor the producer state needs it then. The caller also
 * waits for the marker's segment to pass {@code delete.retention.ms}. Not thread safe: one per pass.
 */
final class TransactionMarkers {
    private final Set<Long> producersWithBatches = new HashSet<>(); // a batch of their transaction was traversed since their last marker

    /** Notes a data batch the pass traversed (kept, compacted or removed). */
    void onDataBatch(FileBatch batch) {
        if (batch.isTransactional()) {
            producersWithBatches.add(batch.producerId());
        }
    }

    /** Whether the marker {@code batch} (a control batch) could go; ends its producer's transaction either way. */
    boolean onMarker(FileBatch batch) {
        return !producersWithBatches.remove(batch.producerId());
    }
}
