package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A DeleteRecords waiting until, on each partition whose leader moved its log start offset, every
 * in-sync follower has moved its own there too (the low watermark reached the requested offset),
 * or its timeout: then pending partitions answer REQUEST_TIMED_OUT, as Kafka's delayed delete does.
 */
final class DelayedDeleteRecords extends DelayedPartitionOffsets<DeleteRecordsPartitionResult> {

    DelayedDeleteRecords(long timeoutMs, Map<TopicPartition, DeleteRecordsPartitionResult> results,
                         Map<TopicPartition, Long> pendingOffsets, Function<TopicPartition, Partition> partitions,
                         CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> future) {
        super(timeoutMs, results, pendingOffsets, partitions, future);
    }

    @Override
    protected Optional<DeleteRecordsPartitionResult> check(TopicPartition tp, Partition partition, long offset,
                                                           DeleteRecordsPartitionResult current) {
        if (partition == null || !partition.isLeader()) {
            return Optional.of(DeleteRecordsPartitionResult.error(Errors.NOT_LEADER_OR_FOLLOWER));
        }
        long lowWatermark = partition.lowWatermarkIfLeader();
        return lowWatermark >= offset ? Optional.of(new DeleteRecordsPartitionResult(Errors.NONE, lowWatermark))
                : Optional.empty();
    }

    @Override
    protected DeleteRecordsPartitionResult timedOut(TopicPartition tp, DeleteRecordsPartitionResult current) {
        return DeleteRecordsPartitionResult.error(Errors.REQUEST_TIMED_OUT);
    }
}
