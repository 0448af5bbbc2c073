package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.log.FetchDataInfo;
import io.gregor.core.log.Log;
import io.gregor.core.log.OffsetOutOfRangeException;
import io.gregor.core.log.TopicPartition;

/**
 * The reads of a {@link Partition} for Fetch and ListOffsets, after its leader-epoch checks. They
 * take no lock: they read the partition's volatile leadership and its log's lock-free reads.
 * Stateless.
 */
final class PartitionReads {
    private PartitionReads() {
    }

    /**
     * Reads for a fetch: consumers up to the high watermark, followers up to the log end offset. A
     * fetch as a replica outside the assignment (or as this broker) reads nothing and gets the
     * error of {@link Partition#checkFollower}.
     */
    static FetchPartitionResult read(Partition partition, FetchPartitionRequest request, FetchParams params, int maxBytes,
                                     boolean minOneMessage) {
        Errors epochError = partition.checkLeaderEpoch(request.currentLeaderEpoch(), true);
        if (epochError == Errors.NONE && params.isFromFollower()) {
            epochError = partition.checkFollower(params.replicaId(), request.currentLeaderEpoch());
        }
        if (epochError != Errors.NONE) {
            return FetchPartitionResult.error(partition.topicPartition(), epochError);
        }
        TopicPartition tp = partition.topicPartition();
        Log log = partition.log();
        long highWatermark = log.highWatermark();
        long maxOffset = params.isFromFollower() ? Long.MAX_VALUE : highWatermark;
        try {
            FetchDataInfo info = log.read(request.fetchOffset(), maxBytes, maxOffset, minOneMessage);
            return new FetchPartitionResult(tp, Errors.NONE, log.highWatermark(), log.highWatermark(),
                    log.logStartOffset(), info.records());
        } catch (OffsetOutOfRangeException e) {
            return new FetchPartitionResult(tp, Errors.OFFSET_OUT_OF_RANGE, highWatermark, highWatermark,
                    log.logStartOffset(), MemoryRecords.EMPTY);
        }
    }

    /** ListOffsets: see {@link OffsetLookupResult} for the special timestamps. */
    static OffsetLookupResult offsetForTimestamp(Partition partition, long timestamp, boolean fromConsumer,
                                                 int currentLeaderEpoch, boolean requireLeader) {
        Errors epochError = partition.checkLeaderEpoch(currentLeaderEpoch, requireLeader);
        if (epochError != Errors.NONE) {
            return OffsetLookupResult.error(epochError);
        }
        Log log = partition.log();
        long upper = fromConsumer ? log.highWatermark() : log.logEndOffset();
        return ListOffsetsLookup.lookup(log, timestamp, upper);
    }
}
