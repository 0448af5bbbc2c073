package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.replication.purgatory.DelayedOperation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A fetch waiting for {@code min_bytes} of data (woken when a fetched partition's log end offset
 * or high watermark moves), or for {@code max_wait_ms}, then answered with whatever is there.
 * Each check re-reads the partitions; reads only slice the log files, so this is cheap. A fetch
 * whose future its caller cancelled completes without reading (and leaves the purgatory).
 */
final class DelayedFetch extends DelayedOperation {
    private final int minBytes;
    private final Supplier<List<FetchPartitionResult>> read;
    private final CompletableFuture<List<FetchPartitionResult>> future;
    private List<FetchPartitionResult> ready; // guarded by the operation's monitor

    DelayedFetch(long maxWaitMs, int minBytes, Supplier<List<FetchPartitionResult>> read,
                 CompletableFuture<List<FetchPartitionResult>> future) {
        super(maxWaitMs);
        this.minBytes = minBytes;
        this.read = read;
        this.future = future;
    }

    @Override
    protected boolean tryComplete() {
        List<FetchPartitionResult> results = read.get();
        if (satisfied(results, minBytes)) {
            ready = results;
            return forceComplete();
        }
        return false;
    }

    /** Enough bytes, or some partition changed state (an error to report). */
    static boolean satisfied(List<FetchPartitionResult> results, int minBytes) {
        long bytes = 0;
        for (FetchPartitionResult r : results) {
            if (r.error() != Errors.NONE) {
                return true;
            }
            bytes += r.records().sizeInBytes();
        }
        return bytes >= minBytes;
    }

    @Override
    protected void onComplete() {
        if (future.isDone()) {
            return; // cancelled by its caller: nothing to read
        }
        List<FetchPartitionResult> results = ready;
        future.complete(results != null ? results : read.get());
    }
}
