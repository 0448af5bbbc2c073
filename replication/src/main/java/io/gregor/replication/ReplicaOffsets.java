package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.epoch.EpochEndOffset;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.purgatory.DelayedOperationPurgatory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offset requests of the {@link ReplicaManager} on the partitions it hosts: DeleteRecords (the
 * leader moves its log start offset and the answer waits in a purgatory for the in-sync followers
 * to move theirs), ListOffsets and OffsetForLeaderEpoch.
 *
 * <p>Thread safety: callable from any request thread; per-partition work is guarded by each
 * {@link Partition}, the hosted partitions are the replica manager's concurrent map, read here.
 */
final class ReplicaOffsets {
    private static final Logger log = LoggerFactory.getLogger(ReplicaOffsets.class);

    private final int brokerId;
    private final LogManager logManager;
    private final Map<TopicPartition, Partition> partitions; // the replica manager's hosted partitions; read only here
    private final DelayedOperationPurgatory<TopicPartition> deleteRecordsPurgatory; // woken by the replica manager

    ReplicaOffsets(int brokerId, LogManager logManager, Map<TopicPartition, Partition> partitions,
                   DelayedOperationPurgatory<TopicPartition> deleteRecordsPurgatory) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.partitions = partitions;
        this.deleteRecordsPurgatory = deleteRecordsPurgatory;
    }

    /**
     * DeleteRecords: moves each partition's log start offset on this leader ({@link
     * Partition#deleteRecordsOnLeader}), writes the log-start-offset checkpoint, and completes when
     * every in-sync follower has moved its own log start there too (they learn it from their next
     * fetch), or after {@code timeoutMs}, when the partitions still waiting answer REQUEST_TIMED_OUT.
     * A partition this broker does not host answers UNKNOWN_TOPIC_OR_PARTITION.
     */
    CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> deleteRecords(
            long timeoutMs, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, DeleteRecordsPartitionResult> results = new LinkedHashMap<>();
        Map<TopicPartition, Long> pending = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition partition = partitions.get(tp);
            if (partition == null) {
                results.put(tp, DeleteRecordsPartitionResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                continue;
            }
            DeleteRecordsOutcome outcome;
            try {
                outcome = partition.deleteRecordsOnLeader(e.getValue());
            } catch (IOException | RuntimeException ex) {
                log.error("DeleteRecords on {} to offset {} on broker {} failed", tp, e.getValue(), brokerId, ex);
                partition.reportIfStorageFailure(ex); // deleting segments failed: the dir goes offline, as in Kafka
                outcome = DeleteRecordsOutcome.failed(Errors.KAFKA_STORAGE_ERROR);
            }
            if (outcome.error() != Errors.NONE) {
                results.put(tp, DeleteRecordsPartitionResult.error(outcome.error()));
                continue;
            }
            log.info("Broker {} moved the log start offset of {} to {} (DeleteRecords)", brokerId, tp,
                    outcome.requestedOffset());
            results.put(tp, new DeleteRecordsPartitionResult(Errors.NONE, outcome.lowWatermark()));
            if (outcome.lowWatermark() < outcome.requestedOffset()) {
                pending.put(tp, outcome.requestedOffset());
            }
        }
        if (results.values().stream().anyMatch(r -> r.error() == Errors.NONE)) {
            checkpointLogStartOffsets();
        }
        CompletableFuture<Map<TopicPartition, DeleteRecordsPartitionResult>> future = new CompletableFuture<>();
        if (pending.isEmpty()) {
            future.complete(results);
            return future;
        }
        DelayedDeleteRecords delayed = new DelayedDeleteRecords(timeoutMs, results, pending, partitions::get, future);
        deleteRecordsPurgatory.tryCompleteElseWatch(delayed, new ArrayList<>(pending.keySet()));
        return future;
    }

    /** Makes moved log start offsets survive a crash, not only a clean shutdown; a failure is logged. */
    private void checkpointLogStartOffsets() {
        try {
            logManager.checkpointLogOffsets();
        } catch (IOException | RuntimeException e) {
            log.warn("Broker {} could not write its log offset checkpoints after DeleteRecords: {}", brokerId,
                    e.toString());
        }
    }

    /**
     * ListOffsets for one partition. Consumers ({@code replicaId == -1}) are bounded by the high
     * watermark, or by the last stable offset when {@code readCommitted}, and must ask the leader;
     * {@code replicaId == -2} (debugging tools) may read a follower, bounded by its log end offset.
     */
    OffsetLookupResult fetchOffset(TopicPartition tp, long timestamp, int replicaId, int currentLeaderEpoch,
                                   boolean readCommitted) {
        Partition partition = partitions.get(tp);
        if (partition == null) {
            return OffsetLookupResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        boolean debug = replicaId == -2;
        return PartitionReads.offsetForTimestamp(partition, timestamp, replicaId == -1, readCommitted,
                currentLeaderEpoch, !debug);
    }

    /** OffsetForLeaderEpoch: the end offset of {@code leaderEpoch} in the leader's log and that epoch (or the largest below it). */
    ReplicaManager.OffsetForEpochResult lastOffsetForLeaderEpoch(TopicPartition tp, int currentLeaderEpoch, int leaderEpoch) {
        Partition partition = partitions.get(tp);
        if (partition == null) {
            return new ReplicaManager.OffsetForEpochResult(Errors.UNKNOWN_TOPIC_OR_PARTITION, EpochEndOffset.UNDEFINED);
        }
        Errors epochError = partition.checkLeaderEpoch(currentLeaderEpoch, true);
        if (epochError != Errors.NONE) {
            return new ReplicaManager.OffsetForEpochResult(epochError, EpochEndOffset.UNDEFINED);
        }
        return new ReplicaManager.OffsetForEpochResult(Errors.NONE, partition.log().endOffsetForEpoch(leaderEpoch));
    }
}
