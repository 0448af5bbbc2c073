package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.purgatory.DelayedOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A DeleteRecords waiting until, on each partition whose leader moved its log start offset, every
 * in-sync follower has moved its own there too (the low watermark reached the requested offset),
 * or its timeout: then pending partitions answer REQUEST_TIMED_OUT, as Kafka's delayed delete does.
 */
final class DelayedDeleteRecords extends DelayedOperation {
    private final Map<TopicPartition, DeleteRecordsPartitionResult> results; // guarded by the operation's monitor
    private final Map<TopicPartition, Long> pendingOffsets;                  // guarded by the operation's monitor
    private final Function<TopicPartition, Partition> partitions;
    private final CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> future;

    DelayedDeleteRecords(long timeoutMs, Map<TopicPartition, DeleteRecordsPartitionResult> results,
                         Map<TopicPartition, Long> pendingOffsets, Function<TopicPartition, Partition> partitions,
                         CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> future) {
        super(timeoutMs);
        this.results = new LinkedHashMap<>(results);
        this.pendingOffsets = new LinkedHashMap<>(pendingOffsets);
        this.partitions = partitions;
        this.future = future;
    }

    @Override
    protected boolean tryComplete() {
        for (var it = pendingOffsets.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Partition p = partitions.apply(e.getKey());
            if (p == null || !p.isLeader()) {
                results.put(e.getKey(), DeleteRecordsPartitionResult.error(Errors.NOT_LEADER_OR_FOLLOWER));
                it.remove();
                continue;
            }
            long lowWatermark = p.lowWatermarkIfLeader();
            if (lowWatermark >= e.getValue()) {
                results.put(e.getKey(), new DeleteRecordsPartitionResult(Errors.NONE, lowWatermark));
                it.remove();
            }
        }
        return pendingOffsets.isEmpty() && forceComplete();
    }

    @Override
    protected void onExpiration() {
        for (TopicPartition tp : pendingOffsets.keySet()) {
            results.put(tp, DeleteRecordsPartitionResult.error(Errors.REQUEST_TIMED_OUT));
        }
    }

    @Override
    protected void onComplete() {
        future.complete(Map.copyOf(results));
    }
}
