package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.purgatory.DelayedOperationPurgatory;
import io.gregor.replication.quota.ReplicationThrottles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch path of the {@link ReplicaManager}: reads for consumers and followers (a follower's
 * fetch also moves the high watermark and may expand the ISR), long polls in the fetch purgatory,
 * and the leader side of the replication throttle.
 *
 * <p>Thread safety: callable from any request thread; reads take no lock (see {@link Partition#read});
 * the hosted partitions are the replica manager's concurrent map, read here.
 */
final class ReplicaReads {
    private static final Logger log = LoggerFactory.getLogger(ReplicaReads.class);

    private final int brokerId;
    private final Map<TopicPartition, Partition> partitions; // the replica manager's hosted partitions; read only here
    private final Predicate<TopicPartition> offline; // the partition's log dir failed
    private final ReplicationThrottles throttles;
    private final IsrChanges isrChanges;
    private final Consumer<TopicPartition> wake; // wakes every purgatory's requests waiting on a partition
    private final DelayedOperationPurgatory<TopicPartition> fetchPurgatory;
    private final DelayedOperationPurgatory<TopicPartition> deleteRecordsPurgatory;
    private final LongAdder partitionReads = new LongAdder();

    ReplicaReads(int brokerId, Map<TopicPartition, Partition> partitions, Predicate<TopicPartition> offline,
                 ReplicationThrottles throttles, IsrChanges isrChanges, Consumer<TopicPartition> wake,
                 DelayedOperationPurgatory<TopicPartition> fetchPurgatory,
                 DelayedOperationPurgatory<TopicPartition> deleteRecordsPurgatory) {
        this.brokerId = brokerId;
        this.partitions = partitions;
        this.offline = offline;
        this.throttles = throttles;
        this.isrChanges = isrChanges;
        this.wake = wake;
        this.fetchPurgatory = fetchPurgatory;
        this.deleteRecordsPurgatory = deleteRecordsPurgatory;
    }

    /**
     * Reads the partitions in order: each at most its {@code partitionMaxBytes} and together at most
     * {@code params.maxBytes()}, except that the first batch found is returned whole. Completes at
     * once when there is an error, at least {@code minBytes}, or {@code maxWaitMs <= 0}; otherwise
     * when enough data arrives or after {@code maxWaitMs} (a waiting fetch re-reads only the partition
     * an event woke, see {@link DelayedFetch}; its answer is a fresh read). A follower's fetch offset counts as its
     * log end offset for the high watermark, and its broker epoch is kept for the ISR changes that
     * name it; a fetch as a replica outside a partition's assignment changes nothing there and is
     * answered with an error for it ({@link Partition#checkFollower}). The caller vouches for the
     * follower's id and epoch (see {@link FetchParams}). A caller that no longer wants the answer
     * cancels the returned future: a waiting fetch then leaves the purgatory at once.
     */
    CompletableFuture<List<FetchPartitionResult>> fetchMessages(FetchParams params,
                                                                       List<FetchPartitionRequest> requests) {
        if (params.isFromFollower()) {
            for (FetchPartitionRequest r : requests) {
                Partition p = partitions.get(r.topicPartition());
                if (p == null || p.checkLeaderEpoch(r.currentLeaderEpoch(), true) != Errors.NONE) {
                    continue;
                }
                if (p.updateFollowerFetchState(params.replicaId(), params.replicaEpoch(), r.fetchOffset(),
                        r.logStartOffset())) {
                    wake.accept(r.topicPartition());
                } else {
                    deleteRecordsPurgatory.checkAndComplete(r.topicPartition()); // its log start may have moved
                }
                isrChanges.maybeExpandIsr(p, params.replicaId());
            }
        }
        List<FetchPartitionResult> first = readFromLog(params, requests);
        CompletableFuture<List<FetchPartitionResult>> future = new CompletableFuture<>();
        if (params.isFromFollower()) {
            future.thenAccept(this::recordThrottledLeaderBytes);
        }
        if (params.maxWaitMs() <= 0 || requests.isEmpty() || DelayedFetch.satisfied(first, params.minBytes())) {
            future.complete(first);
            return future;
        }
        // the first read found too little: watch, then check once (not twice) for what arrived meanwhile
        List<TopicPartition> keys = requests.stream().map(FetchPartitionRequest::topicPartition).toList();
        List<FetchPartitionRequest> byIndex = List.copyOf(requests);
        int checkLimit = Math.max(0, params.maxBytes());
        DelayedFetch delayed = new DelayedFetch(params.maxWaitMs(), params.minBytes(), keys, first,
                i -> readPartition(params, byIndex.get(i), Math.min(Math.max(0, byIndex.get(i).partitionMaxBytes()),
                        checkLimit), true),
                () -> readFromLog(params, byIndex), future);
        fetchPurgatory.watchThenTryComplete(delayed, keys);
        future.whenComplete((results, error) -> delayed.forceComplete()); // cancelled by the caller: stop waiting
        return future;
    }

    private List<FetchPartitionResult> readFromLog(FetchParams params, List<FetchPartitionRequest> requests) {
        List<FetchPartitionResult> results = new ArrayList<>(requests.size());
        int remaining = Math.max(0, params.maxBytes());
        boolean minOneMessage = true;
        for (FetchPartitionRequest r : requests) {
            int limit = Math.min(Math.max(0, r.partitionMaxBytes()), remaining);
            FetchPartitionResult result = readPartition(params, r, limit, minOneMessage);
            int size = result.records().sizeInBytes();
            if (size > 0) {
                minOneMessage = false;
            }
            remaining = Math.max(0, remaining - size);
            results.add(result);
        }
        return results;
    }

    /** Reads one partition of a fetch: at most {@code limit} bytes, or its first batch whole if {@code minOneMessage}. */
    private FetchPartitionResult readPartition(FetchParams params, FetchPartitionRequest r, int limit,
                                               boolean minOneMessage) {
        partitionReads.increment();
        Partition partition = partitions.get(r.topicPartition());
        if (partition == null) {
            return FetchPartitionResult.error(r.topicPartition(), offline.test(r.topicPartition())
                    ? Errors.KAFKA_STORAGE_ERROR : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        boolean throttled = params.isFromFollower()
                && throttles.leader().shouldThrottle(r.topicPartition(), partition.isr().contains(params.replicaId()));
        try {
            // a throttled partition is answered without records (offsets and errors as usual), as in Kafka
            return throttled ? PartitionReads.read(partition, r, params, 0, false)
                    : PartitionReads.read(partition, r, params, limit, minOneMessage);
        } catch (RuntimeException ex) {
            // e.g. the log was deleted by StopReplica while this read was in flight
            log.warn("Read of {} at offset {} on broker {} failed: {}", r.topicPartition(), r.fetchOffset(),
                    brokerId, ex.toString());
            return FetchPartitionResult.error(r.topicPartition(), Errors.NOT_LEADER_OR_FOLLOWER);
        }
    }

    /** Partition reads done for fetches (first reads, checks of waiting fetches, answers) since start; for tests. */
    long partitionReads() {
        return partitionReads.sum();
    }

    /** Counts the bytes sent to followers for leader-throttled partitions against the leader rate. */
    private void recordThrottledLeaderBytes(List<FetchPartitionResult> results) {
        long bytes = 0;
        for (FetchPartitionResult result : results) {
            if (throttles.leader().isThrottled(result.topicPartition())) {
                bytes += result.records().sizeInBytes();
            }
        }
        throttles.leader().record(bytes);
    }
}
