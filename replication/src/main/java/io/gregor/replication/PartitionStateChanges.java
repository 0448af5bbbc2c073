package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one partition's part of a controller request on this broker, for the
 * {@link ReplicaManager}: a LeaderAndIsr state hosts the partition (opening or creating its log)
 * and makes it leader or follower with its replica fetcher; a StopReplica stops it and, if asked,
 * deletes its log. The request-level checks (controller epoch, listeners) stay in the replica manager.
 *
 * <p>Thread safety: called under the replica manager's state-change lock (one request at a time),
 * from several threads for the distinct partitions of one large LeaderAndIsr request.
 */
final class PartitionStateChanges {
    private static final Logger log = LoggerFactory.getLogger(PartitionStateChanges.class);

    private final int brokerId;
    private final LogManager logManager;
    private final Map<TopicPartition, Partition> partitions; // the replica manager's hosted partitions
    private final ReplicaFetcherControl fetchers;
    private final IsrChanges isrChanges;
    private final ReplicaLogDirs logDirs;
    private final Consumer<TopicPartition> wake; // wakes every purgatory's requests waiting on a partition
    private final LongSupplier clockMs;

    PartitionStateChanges(int brokerId, LogManager logManager, Map<TopicPartition, Partition> partitions,
                          ReplicaFetcherControl fetchers, IsrChanges isrChanges, ReplicaLogDirs logDirs,
                          Consumer<TopicPartition> wake, LongSupplier clockMs) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.partitions = partitions;
        this.fetchers = fetchers;
        this.isrChanges = isrChanges;
        this.logDirs = logDirs;
        this.wake = wake;
        this.clockMs = clockMs;
    }

    /**
     * Applies one LeaderAndIsr partition state: KAFKA_STORAGE_ERROR for a partition of a failed
     * log dir, STALE_CONTROLLER_EPOCH for a state older than the partition's leader epoch,
     * UNKNOWN_TOPIC_OR_PARTITION where this broker is not a replica.
     */
    Errors apply(LeaderAndIsrPartitionState state, TopicSettings settings) {
        TopicPartition tp = state.topicPartition();
        if (logDirs.isOffline(tp)) {
            return Errors.KAFKA_STORAGE_ERROR; // its log dir failed: the controller makes this replica offline
        }
        Partition existing = partitions.get(tp);
        if (existing != null && state.leaderEpoch() < existing.leaderEpoch()) {
            log.info("Ignoring LeaderAndIsr for {} with leader epoch {}: the current epoch is {}", tp,
                    state.leaderEpoch(), existing.leaderEpoch());
            return Errors.STALE_CONTROLLER_EPOCH;
        }
        if (!state.replicas().contains(brokerId)) {
            log.warn("Ignoring LeaderAndIsr for {}: broker {} is not among its replicas {}", tp, brokerId,
                    state.replicas());
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        try {
            Partition partition = existing != null ? existing : createPartition(tp, settings);
            partition.setMinInsyncReplicas(settings.minInsyncReplicas(tp.topic()));
            if (state.leader() == brokerId) {
                fetchers.stopFetching(tp);
                if (partition.makeLeader(state)) {
                    wake.accept(tp);
                }
                log.info("Broker {} is the leader of {} at epoch {} with ISR {}", brokerId, tp, state.leaderEpoch(),
                        state.isr());
            } else {
                partition.makeFollower(state);
                fetchers.startFetching(tp, state.leader(), state.leaderEpoch(), partition.logEndOffset());
                log.info("Broker {} follows broker {} for {} at epoch {}", brokerId, state.leader(), tp,
                        state.leaderEpoch());
            }
            wake.accept(tp); // waiting produces and fetches re-check leadership
            return Errors.NONE;
        } catch (IOException | RuntimeException e) {
            log.error("Could not apply LeaderAndIsr state {} on broker {}", state, brokerId, e);
            Optional.ofNullable(partitions.get(tp)).ifPresent(p -> p.reportIfStorageFailure(e));
            return Errors.KAFKA_STORAGE_ERROR;
        }
    }

    private Partition createPartition(TopicPartition tp, TopicSettings settings) throws IOException {
        Optional<Log> existingLog = logManager.getLog(tp);
        Log partitionLog = existingLog.isPresent() ? existingLog.get()
                : logManager.getOrCreateLog(tp, settings.logConfig(tp.topic()));
        Partition partition = new Partition(tp, brokerId, partitionLog, clockMs);
        partition.reportStorageFailuresTo((dir, e) -> logManager.failureChannel().maybeAddOfflineLogDir(dir,
                "an operation on " + tp + " failed on broker " + brokerId, e));
        partitions.put(tp, partition);
        logDirs.onHosted(partition); // resumes a move the last shutdown interrupted
        return partition;
    }

    /**
     * Applies one partition of a StopReplica request: the partition is forgotten (waiting requests
     * answer NOT_LEADER_OR_FOLLOWER) and, where asked, its log deleted; FENCED_LEADER_EPOCH when its
     * current leader epoch is newer than the request's (-1 and -2 always apply).
     */
    Errors stop(StopReplicaPartition stop) {
        TopicPartition tp = stop.topicPartition();
        Partition existing = partitions.get(tp);
        if (existing != null && stop.leaderEpoch() >= 0 && stop.leaderEpoch() < existing.leaderEpoch()) {
            log.info("Ignoring StopReplica for {} with leader epoch {}: the current epoch is {}", tp,
                    stop.leaderEpoch(), existing.leaderEpoch());
            return Errors.FENCED_LEADER_EPOCH;
        }
        fetchers.stopFetching(tp);
        partitions.remove(tp);
        if (existing != null) {
            existing.stop(); // waits for an append in flight; later ones get NOT_LEADER_OR_FOLLOWER
        }
        isrChanges.forget(tp);
        wake.accept(tp);
        try {
            if (stop.deletePartition()) {
                logManager.deleteLog(tp);
            }
            log.info("Broker {} stopped replica {}{}", brokerId, tp, stop.deletePartition() ? " and deleted its log" : "");
            return Errors.NONE;
        } catch (IOException | RuntimeException ex) {
            log.error("Could not delete the log of {} on broker {}", tp, brokerId, ex);
            return Errors.KAFKA_STORAGE_ERROR;
        }
    }
}
