package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.purgatory.DelayedOperation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A fetch waiting for {@code min_bytes} of data (woken when a fetched partition's log end offset
 * or high watermark moves, or its leadership changes), or for {@code max_wait_ms}, then answered
 * with a fresh read of every partition, whatever is there.
 *
 * <p>The wait is checked in proportion to what changed: it keeps the byte count of each partition
 * from the fetch's first read, and a wake of one partition re-reads that partition only (a fetch
 * of a follower's session may hold thousands of partitions). It is satisfied when a partition
 * reports an error or the counts add up to {@code min_bytes}. A key-less check (the purgatory's
 * check after watching) re-reads every partition and refreshes every count.
 *
 * <p>Thread safety: checks run under the operation's monitor ({@link DelayedOperation}), which
 * guards the counts. A fetch whose future its caller cancelled completes without reading (and
 * leaves the purgatory).
 */
final class DelayedFetch extends DelayedOperation {
    private final int minBytes;
    private final List<TopicPartition> partitions; // in request order
    private final IntFunction<FetchPartitionResult> readOne; // reads the partition at that index, with its limits
    private final Supplier<List<FetchPartitionResult>> readAll; // the fetch's full read, as answered
    private final CompletableFuture<List<FetchPartitionResult>> future;
    private final int[] bytes; // guarded by the operation's monitor: each partition's bytes at its last read
    private long totalBytes; // guarded by the operation's monitor: the sum of bytes
    private Map<TopicPartition, int[]> indexes; // guarded by the operation's monitor: built at the first wake
    private List<FetchPartitionResult> ready; // guarded by the operation's monitor

    /**
     * @param partitions the fetch's partitions in request order
     * @param first      the fetch's first read (same order), which did not satisfy it
     * @param readOne    reads one partition (by index) for the check
     * @param readAll    reads every partition as the answer does
     */
    DelayedFetch(long maxWaitMs, int minBytes, List<TopicPartition> partitions, List<FetchPartitionResult> first,
                 IntFunction<FetchPartitionResult> readOne, Supplier<List<FetchPartitionResult>> readAll,
                 CompletableFuture<List<FetchPartitionResult>> future) {
        super(maxWaitMs);
        if (first.size() != partitions.size()) {
            throw new IllegalArgumentException("first read has " + first.size() + " results for "
                    + partitions.size() + " partitions");
        }
        this.minBytes = minBytes;
        this.partitions = partitions;
        this.readOne = readOne;
        this.readAll = readAll;
        this.future = future;
        this.bytes = new int[partitions.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = first.get(i).records().sizeInBytes();
            totalBytes += bytes[i];
        }
    }

    @Override
    protected boolean tryComplete() {
        List<FetchPartitionResult> results = readAll.get();
        if (satisfied(results, minBytes)) {
            ready = results;
            return forceComplete();
        }
        totalBytes = 0;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = results.get(i).records().sizeInBytes();
            totalBytes += bytes[i];
        }
        return false;
    }

    @Override
    protected boolean tryComplete(Object key) {
        int[] woken = key instanceof TopicPartition tp ? indexes().get(tp) : null;
        if (woken == null) {
            return tryComplete(); // not one of ours: check everything
        }
        for (int i : woken) {
            FetchPartitionResult result = readOne.apply(i);
            if (result.error() != Errors.NONE) {
                return forceComplete(); // the answer is read afresh, with the error
            }
            int size = result.records().sizeInBytes();
            totalBytes += size - bytes[i];
            bytes[i] = size;
        }
        return totalBytes >= minBytes && forceComplete();
    }

    private Map<TopicPartition, int[]> indexes() {
        if (indexes == null) {
            indexes = new HashMap<>(partitions.size() * 2);
            for (int i = 0; i < partitions.size(); i++) {
                int[] previous = indexes.get(partitions.get(i));
                int[] now;
                if (previous == null) {
                    now = new int[] {i};
                } else { // the same partition twice in one fetch: both are re-read
                    now = Arrays.copyOf(previous, previous.length + 1);
                    now[previous.length] = i;
                }
                indexes.put(partitions.get(i), now);
            }
        }
        return indexes;
    }

    /** Enough bytes, or some partition changed state (an error to report). */
    static boolean satisfied(List<FetchPartitionResult> results, int minBytes) {
        long total = 0;
        for (FetchPartitionResult r : results) {
            if (r.error() != Errors.NONE) {
                return true;
            }
            total += r.records().sizeInBytes();
        }
        return total >= minBytes;
    }

    @Override
    protected void onComplete() {
        List<FetchPartitionResult> results = ready;
        // a completed operation may stay in idle partitions' watch lists until the purgatory purges
        // them: it keeps nothing sized by its partitions but the counts
        ready = null;
        indexes = null;
        if (future.isDone()) {
            return; // cancelled by its caller: nothing to read
        }
        future.complete(results != null ? results : readAll.get());
    }
}
