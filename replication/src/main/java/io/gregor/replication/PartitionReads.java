package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.log.FetchDataInfo;
import io.gregor.core.log.Log;
import io.gregor.core.log.OffsetOutOfRangeException;
import io.gregor.core.log.TopicPartition;
import java.util.List;

/**
 * The reads of a {@link Partition} for Fetch and ListOffsets, after its leader-epoch checks. They
 * take no lock: they read the partition's volatile leadership and its log's lock-free reads.
 * Stateless.
 */
final class PartitionReads {
    private PartitionReads() {
    }

    /**
     * Reads for a fetch: read_uncommitted consumers up to the high watermark, read_committed ones up
     * to the last stable offset (with the aborted transactions that overlap what they read, from the
     * {@code .txnindex} files), followers up to the log end offset. A
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
        long lastStableOffset = partition.lastStableOffset();
        long highWatermark = log.highWatermark(); // at or above the one the last stable offset was bounded by
        boolean readCommitted = params.readCommitted() && !params.isFromFollower();
        long maxOffset = params.isFromFollower() ? Long.MAX_VALUE : readCommitted ? lastStableOffset : highWatermark;
        try {
            FetchDataInfo info = log.read(request.fetchOffset(), maxBytes, maxOffset, minOneMessage);
            // as Kafka for Fetch v3+ (KIP-74): no whole batch fits, so no records; the Apache consumer
            // refuses an answer that holds only the start of a batch
            Records records = info.firstEntryIncomplete() ? MemoryRecords.EMPTY : info.records();
            List<AbortedTxn> aborted = null;
            if (readCommitted) {
                aborted = records.sizeInBytes() == 0 ? List.of()
                        : log.collectAbortedTransactions(request.fetchOffset(), lastStableOffset);
            }
            return new FetchPartitionResult(tp, Errors.NONE, highWatermark, lastStableOffset, log.logStartOffset(),
                    records, aborted);
        } catch (OffsetOutOfRangeException e) {
            return new FetchPartitionResult(tp, Errors.OFFSET_OUT_OF_RANGE, highWatermark, lastStableOffset,
                    log.logStartOffset(), MemoryRecords.EMPTY);
        }
    }

    /**
     * ListOffsets: see {@link OffsetLookupResult} for the special timestamps. A consumer is bounded by
     * the high watermark, or the last stable offset when it reads committed; others by the log end.
     */
    static OffsetLookupResult offsetForTimestamp(Partition partition, long timestamp, boolean fromConsumer,
                                                 boolean readCommitted, int currentLeaderEpoch, boolean requireLeader) {
        Errors epochError = partition.checkLeaderEpoch(currentLeaderEpoch, requireLeader);
        if (epochError != Errors.NONE) {
            return OffsetLookupResult.error(epochError);
        }
        Log log = partition.log();
        long upper = !fromConsumer ? log.logEndOffset()
                : readCommitted ? partition.lastStableOffset() : log.highWatermark();
        return ListOffsetsLookup.lookup(log, timestamp, upper);
    }
}
