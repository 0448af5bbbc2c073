package io.gregor.replication;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.quota.ReplicationQuota;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log directories of the {@link ReplicaManager}'s replicas, as Kafka's replica manager handles
 * them: a dir that failed with an I/O error takes its partitions offline (refused with
 * KAFKA_STORAGE_ERROR until restart) while the broker keeps serving its other dirs
 * ({@link LogDirFailureHandler}); AlterReplicaLogDirs moves replicas between dirs in the
 * background ({@link ReplicaLogDirMover}), and resumes a move an earlier shutdown interrupted;
 * DescribeLogDirs reports every dir ({@link LogDirDescriber}).
 *
 * <p>Thread safety: callable from any thread; the hosted partitions are the replica manager's map,
 * changed here only under its state-change lock, as everywhere else.
 */
final class ReplicaLogDirs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaLogDirs.class);

    private final int brokerId;
    private final LogManager logManager;
    private final Object stateChangeLock; // the replica manager's
    private final Map<TopicPartition, Partition> partitions; // the replica manager's hosted partitions
    private final Consumer<TopicPartition> forget; // stops fetching a partition and forgets its ISR changes
    private final Consumer<TopicPartition> changed; // wakes waiting requests and tells the leadership listeners
    /** Partitions whose log was on a failed log directory: refused with KAFKA_STORAGE_ERROR until restart. */
    private final Set<TopicPartition> offlinePartitions = ConcurrentHashMap.newKeySet(); // written under stateChangeLock
    private final LogDirFailureHandler failureHandler;
    private final ReplicaLogDirMover mover;

    ReplicaLogDirs(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig, Object stateChangeLock,
                   Map<TopicPartition, Partition> partitions, Consumer<TopicPartition> forget,
                   Consumer<TopicPartition> changed, ReplicationQuota moveQuota) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.stateChangeLock = stateChangeLock;
        this.partitions = partitions;
        this.forget = forget;
        this.changed = changed;
        this.failureHandler = new LogDirFailureHandler(brokerId, logManager.failureChannel(), this::handleLogDirFailure);
        this.mover = new ReplicaLogDirMover(brokerId, logManager, topicLogConfig,
                tp -> Optional.ofNullable(partitions.get(tp)), moveQuota);
    }

    void start() {
        failureHandler.start();
    }

    /** Tells {@code listener}, on the failure handler's thread, about each log dir taken offline. */
    void addFailureListener(Consumer<Path> listener) {
        failureHandler.addListener(listener);
    }

    /** True when the log of {@code tp} was on a log dir that failed. */
    boolean isOffline(TopicPartition tp) {
        return offlinePartitions.contains(tp);
    }

    /** A partition just hosted whose move an earlier shutdown interrupted resumes it. */
    void onHosted(Partition partition) {
        Log unfinishedMove = logManager.futureLogs().get(partition.topicPartition());
        if (unfinishedMove != null) {
            mover.resume(partition, unfinishedMove);
        }
    }

    /** See {@link ReplicaManager#handleLogDirFailure}. */
    void handleLogDirFailure(Path dir) {
        List<TopicPartition> lost = new ArrayList<>();
        synchronized (stateChangeLock) {
            for (Partition p : partitions.values()) {
                if (p.log().dir().getParent().equals(dir)) {
                    lost.add(p.topicPartition());
                }
            }
            for (TopicPartition tp : lost) {
                forget.accept(tp);
                offlinePartitions.add(tp);
                partitions.remove(tp);
            }
            logManager.handleLogDirFailure(dir).forEach(offlinePartitions::add);
            lost.forEach(changed);
        }
        log.error("Broker {} stopped serving the partitions of failed log dir {}: {}", brokerId, dir, lost);
    }

    /** See {@link ReplicaManager#alterReplicaLogDirs}. */
    Map<TopicPartition, Errors> alterReplicaLogDirs(Map<TopicPartition, Path> destinations) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        synchronized (stateChangeLock) {
            destinations.forEach((tp, requested) -> {
                Optional<Path> dest = mover.logDir(requested);
                Partition partition = partitions.get(tp);
                if (dest.isEmpty()) {
                    results.put(tp, Errors.LOG_DIR_NOT_FOUND);
                } else if (logManager.isOffline(dest.get()) || offlinePartitions.contains(tp)) {
                    results.put(tp, Errors.KAFKA_STORAGE_ERROR);
                } else if (partition == null) {
                    logManager.setPreferredLogDir(tp, dest.get());
                    results.put(tp, Errors.REPLICA_NOT_AVAILABLE);
                } else if (partition.log().dir().getParent().equals(dest.get())) {
                    // already there: a move elsewhere in progress is cancelled, as in Kafka
                    Optional.ofNullable(logManager.futureLogs().get(tp)).ifPresent(f -> logManager.abandonFutureLog(tp, f));
                    results.put(tp, Errors.NONE);
                } else {
                    mover.submit(partition, dest.get());
                    results.put(tp, Errors.NONE);
                }
            });
        }
        return results;
    }

    /** See {@link ReplicaManager#describeLogDirs}. */
    List<LogDirDescription> describeLogDirs(Optional<Set<TopicPartition>> wanted) {
        return LogDirDescriber.describe(logManager, tp -> Optional.ofNullable(partitions.get(tp)), wanted);
    }

    /** Stops the failure handler and the moves (a move copying stops and resumes at the next start). */
    @Override
    public void close() {
        failureHandler.close();
        mover.close();
    }
}
