package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An acks=all produce waiting until every ISR member has each partition's appended offsets (the
 * high watermark reached them), or its timeout: then pending partitions answer REQUEST_TIMED_OUT.
 */
final class DelayedProduce extends DelayedPartitionOffsets<ProducePartitionResult> {

    DelayedProduce(long timeoutMs, Map<TopicPartition, ProducePartitionResult> results,
                   Map<TopicPartition, Long> pendingOffsets, Function<TopicPartition, Partition> partitions,
                   CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future) {
        super(timeoutMs, results, pendingOffsets, partitions, future);
    }

    @Override
    protected Optional<ProducePartitionResult> check(TopicPartition tp, Partition partition, long offset,
                                                     ProducePartitionResult current) {
        Optional<Errors> outcome = partition == null ? Optional.of(Errors.NOT_LEADER_OR_FOLLOWER)
                : partition.checkEnoughReplicasReachOffset(offset);
        return outcome.map(error -> error == Errors.NONE ? current : current.withError(error, null));
    }

    @Override
    protected ProducePartitionResult timedOut(TopicPartition tp, ProducePartitionResult current) {
        return current.withError(Errors.REQUEST_TIMED_OUT, "not every in-sync replica of " + tp + " reached the append in time");
    }
}
