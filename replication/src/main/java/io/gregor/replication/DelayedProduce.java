package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.purgatory.DelayedOperation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An acks=all produce waiting until every ISR member has each partition's appended offsets (the
 * high watermark reached them), or its timeout: then pending partitions answer REQUEST_TIMED_OUT.
 */
final class DelayedProduce extends DelayedOperation {
    private final Map<TopicPartition, ProducePartitionResult> results; // guarded by the operation's monitor
    private final Map<TopicPartition, Long> pendingOffsets;             // guarded by the operation's monitor
    private final Function<TopicPartition, Partition> partitions;
    private final CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future;

    DelayedProduce(long timeoutMs, Map<TopicPartition, ProducePartitionResult> results,
                   Map<TopicPartition, Long> pendingOffsets, Function<TopicPartition, Partition> partitions,
                   CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future) {
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
            Optional<Errors> outcome = p == null ? Optional.of(Errors.NOT_LEADER_OR_FOLLOWER)
                    : p.checkEnoughReplicasReachOffset(e.getValue());
            if (outcome.isPresent()) {
                if (outcome.get() != Errors.NONE) {
                    results.put(e.getKey(), results.get(e.getKey()).withError(outcome.get(), null));
                }
                it.remove();
            }
        }
        return pendingOffsets.isEmpty() && forceComplete();
    }

    @Override
    protected void onExpiration() {
        for (TopicPartition tp : pendingOffsets.keySet()) {
            results.put(tp, results.get(tp).withError(Errors.REQUEST_TIMED_OUT,
                    "not every in-sync replica of " + tp + " reached the append in time"));
        }
    }

    @Override
    protected void onComplete() {
        future.complete(Map.copyOf(results));
    }
}
