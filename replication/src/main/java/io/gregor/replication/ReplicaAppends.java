package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.purgatory.DelayedOperationPurgatory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import io.gregor.clients.record.MemoryRecords;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The produce path of the {@link ReplicaManager}: appends producer batches to the partitions this
 * broker leads and, for acks=all, waits in the produce purgatory until the ISR has them.
 *
 * <p>Thread safety: callable from any request thread; each append is atomic under its
 * {@link Partition}'s lock; the hosted partitions are the replica manager's concurrent map, read here.
 */
final class ReplicaAppends {
    private static final Logger log = LoggerFactory.getLogger(ReplicaAppends.class);

    private final int brokerId;
    private final Map<TopicPartition, Partition> partitions; // the replica manager's hosted partitions; read only here
    private final Predicate<TopicPartition> offline; // the partition's log dir failed
    private final DelayedOperationPurgatory<TopicPartition> producePurgatory;
    private final DelayedOperationPurgatory<TopicPartition> fetchPurgatory;

    ReplicaAppends(int brokerId, Map<TopicPartition, Partition> partitions, Predicate<TopicPartition> offline,
                   DelayedOperationPurgatory<TopicPartition> producePurgatory,
                   DelayedOperationPurgatory<TopicPartition> fetchPurgatory) {
        this.brokerId = brokerId;
        this.partitions = partitions;
        this.offline = offline;
        this.producePurgatory = producePurgatory;
        this.fetchPurgatory = fetchPurgatory;
    }

    /**
     * Appends producer batches as leader. The future completes with every partition's result:
     * at once for acks 0 and 1 (the caller sends nothing for acks=0), for acks=all when every ISR
     * member has the data or after {@code timeoutMs}. An acks value other than 0, 1, -1 fails
     * every partition with INVALID_REQUIRED_ACKS.
     */
    CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appendRecords(
            long timeoutMs, short requiredAcks, Map<TopicPartition, MemoryRecords> entries) {
        Map<TopicPartition, ProducePartitionResult> results = new LinkedHashMap<>();
        if (requiredAcks != 0 && requiredAcks != 1 && requiredAcks != -1) {
            entries.keySet().forEach(tp -> results.put(tp, ProducePartitionResult.error(Errors.INVALID_REQUIRED_ACKS,
                    "acks must be 0, 1 or -1, not " + requiredAcks)));
            return CompletableFuture.completedFuture(results);
        }
        return append(timeoutMs, requiredAcks, entries, (partition, records) ->
                partition.appendRecordsToLeader(records, requiredAcks));
    }

    /**
     * Writes transaction markers (WriteTxnMarkers) as leader, one per partition, and completes when
     * every ISR member has them (as acks=all) or after {@code timeoutMs}; see
     * {@link Partition#appendTxnMarkerAsLeader} for the errors.
     */
    CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appendTxnMarkers(
            long timeoutMs, Map<TopicPartition, TxnMarker> markers) {
        return append(timeoutMs, (short) -1, markers, Partition::appendTxnMarkerAsLeader);
    }

    private <T> CompletableFuture<Map<TopicPartition, ProducePartitionResult>> append(
            long timeoutMs, short requiredAcks, Map<TopicPartition, T> entries,
            BiFunction<Partition, T, Partition.AppendOutcome> appendToLeader) {
        Map<TopicPartition, ProducePartitionResult> results = new LinkedHashMap<>();
        Map<TopicPartition, Long> pending = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, T> e : entries.entrySet()) {
            TopicPartition tp = e.getKey();
            Partition partition = partitions.get(tp);
            if (partition == null) {
                results.put(tp, offline.test(tp)
                        ? ProducePartitionResult.error(Errors.KAFKA_STORAGE_ERROR, "the log dir of " + tp + " is offline")
                        : ProducePartitionResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "broker " + brokerId + " does not host " + tp));
                continue;
            }
            Partition.AppendOutcome outcome;
            try {
                outcome = appendToLeader.apply(partition, e.getValue());
            } catch (RuntimeException ex) {
                if (partitions.get(tp) != partition || partition.log().isClosed()) {
                    // stopped, deleted or taken offline meanwhile: not this broker's to answer any more
                    log.info("Append to {} on broker {} found its log closed: {}", tp, brokerId, ex.toString());
                    results.put(tp, ProducePartitionResult.error(Errors.NOT_LEADER_OR_FOLLOWER,
                            "broker " + brokerId + " no longer hosts " + tp));
                    continue;
                }
                log.error("Append to {} on broker {} failed", tp, brokerId, ex);
                partition.reportIfStorageFailure(ex);
                results.put(tp, ProducePartitionResult.error(Errors.KAFKA_STORAGE_ERROR,
                        "append to " + tp + " failed: " + ex.getMessage()));
                continue;
            }
            results.put(tp, outcome.result());
            if (outcome.appended()) {
                fetchPurgatory.checkAndComplete(tp);
            }
            if (outcome.hwAdvanced()) {
                producePurgatory.checkAndComplete(tp);
            }
            if (requiredAcks == -1 && outcome.result().error() == Errors.NONE) {
                pending.put(tp, outcome.requiredOffset());
            }
        }
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> future = new CompletableFuture<>();
        if (pending.isEmpty()) {
            future.complete(results);
            return future;
        }
        DelayedProduce delayed = new DelayedProduce(timeoutMs, results, pending, partitions::get, future);
        producePurgatory.tryCompleteElseWatch(delayed, new ArrayList<>(pending.keySet()));
        return future;
    }
}
