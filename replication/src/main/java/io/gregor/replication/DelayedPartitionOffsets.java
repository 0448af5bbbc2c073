package io.gregor.replication;

import io.gregor.core.log.TopicPartition;
import io.gregor.replication.purgatory.DelayedOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A request waiting, partition by partition, until each partition's replicas have reached an
 * offset (an acks=all produce: the high watermark passed the append; a DeleteRecords: the low
 * watermark reached the new start), or its timeout; then it answers every partition's result at
 * once. Subclasses say what "reached" means for one partition ({@link #check}) and what a partition
 * still waiting answers on timeout ({@link #timedOut}).
 *
 * @param <R> the per-partition result
 */
abstract class DelayedPartitionOffsets<R> extends DelayedOperation {
    private final Map<TopicPartition, R> results;           // guarded by the operation's monitor
    private final Map<TopicPartition, Long> pendingOffsets; // guarded by the operation's monitor
    private final Function<TopicPartition, Partition> partitions;
    private final CompletableFuture<Map<TopicPartition, R>> future;

    DelayedPartitionOffsets(long timeoutMs, Map<TopicPartition, R> results, Map<TopicPartition, Long> pendingOffsets,
                            Function<TopicPartition, Partition> partitions, CompletableFuture<Map<TopicPartition, R>> future) {
        super(timeoutMs);
        this.results = new LinkedHashMap<>(results);
        this.pendingOffsets = new LinkedHashMap<>(pendingOffsets);
        this.partitions = partitions;
        this.future = future;
    }

    /**
     * The partition's final result once it is done waiting (reached, or failed), empty while it still
     * waits. {@code partition} is null when this broker no longer hosts it.
     */
    protected abstract Optional<R> check(TopicPartition tp, Partition partition, long offset, R current);

    /** The answer of a partition still waiting when the timeout passes. */
    protected abstract R timedOut(TopicPartition tp, R current);

    @Override
    protected final boolean tryComplete() {
        for (var it = pendingOffsets.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Optional<R> done = check(e.getKey(), partitions.apply(e.getKey()), e.getValue(), results.get(e.getKey()));
            if (done.isPresent()) {
                results.put(e.getKey(), done.get());
                it.remove();
            }
        }
        return pendingOffsets.isEmpty() && forceComplete();
    }

    @Override
    protected final void onExpiration() {
        for (TopicPartition tp : pendingOffsets.keySet()) {
            results.put(tp, timedOut(tp, results.get(tp)));
        }
    }

    @Override
    protected final void onComplete() {
        future.complete(Map.copyOf(results));
    }
}
