package io.gregor.replication;

import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.quota.ReplicationQuota;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves replicas between the log dirs of this broker (AlterReplicaLogDirs) on one background
 * thread, one move at a time, as Kafka's ReplicaAlterLogDirsThread does: a future log in the
 * destination ({@link LogManager#createFutureLog}) is filled from the current log while the
 * partition keeps taking appends, then, under the partition's lock, caught up with the last
 * batches and swapped in ({@link Partition#swapLog}, {@link LogManager#replaceCurrentWithFutureLog}).
 * A move whose replica was truncated meanwhile starts over; a failed move is logged, its future
 * log deleted, and the replica stays where it was. The copy into the future log is throttled by
 * {@code replica.alter.log.dirs.io.max.bytes.per.second} (the quota given). A move still running
 * when the broker stops keeps its future log, which the next startup loads and {@link #resume}s.
 */
final class ReplicaLogDirMover implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaLogDirMover.class);
    /** How long a moved-away log stays open for the reads in flight before it is closed and deleted. */
    static final long MOVED_LOG_CLOSE_DELAY_MS = 10_000;
    /** The most copied in one step (Kafka's replica.fetch.max.bytes default); a step copying less caught up. */
    private static final long MAX_STEP_BYTES = 1 << 20;
    /** The least copied in one step under a low throttle. */
    private static final long MIN_STEP_BYTES = 16 << 10;
    /** How often a copy waiting for its throttle checks the rate again. */
    private static final long QUOTA_RECHECK_MS = 20;
    private static final int MAX_ATTEMPTS = 5;

    private final int brokerId;
    private final LogManager logManager;
    private final Function<String, LogConfig> topicLogConfig;
    private final Function<TopicPartition, Optional<Partition>> hosted;
    private final ReplicationQuota quota;
    private final ExecutorService thread;
    private volatile boolean closing;

    /**
     * @param hosted the partition this broker hosts now (a move stops when its partition is gone or replaced)
     * @param quota  the rate of the copies ({@code replica.alter.log.dirs.io.max.bytes.per.second}); every move counts
     */
    ReplicaLogDirMover(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig,
                       Function<TopicPartition, Optional<Partition>> hosted, ReplicationQuota quota) {
        this.brokerId = brokerId;
        this.quota = quota;
        this.logManager = logManager;
        this.topicLogConfig = topicLogConfig;
        this.hosted = hosted;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gregor-log-dir-mover-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The dir of {@code log.dirs} that {@code requested} names, if any. */
    Optional<Path> logDir(Path requested) {
        Path wanted = requested.toAbsolutePath().normalize();
        return logManager.logDirs().stream().filter(d -> d.toAbsolutePath().normalize().equals(wanted)).findFirst();
    }

    /** Moves the log of {@code partition} to {@code dest} in the background. */
    void submit(Partition partition, Path dest) {
        thread.execute(() -> move(partition, dest, null));
    }

    /** Resumes, in the background, the move into {@code future} that the last shutdown left unfinished. */
    void resume(Partition partition, Log future) {
        thread.execute(() -> move(partition, future.dir().getParent(), future));
    }

    private boolean stillHosted(Partition partition) {
        return hosted.apply(partition.topicPartition()).filter(p -> p == partition).isPresent();
    }

    private void move(Partition partition, Path dest, Log resumed) {
        TopicPartition tp = partition.topicPartition();
        if (resumed != null && logManager.futureLogs().get(tp) != resumed) {
            return; // replaced by a newer AlterReplicaLogDirs meanwhile
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (closing || !stillHosted(partition) || partition.log().dir().getParent().equals(dest)) {
                return;
            }
            long truncations = partition.truncations();
            Log future;
            try {
                if (attempt == 1 && resumed != null) {
                    future = resumed;
                    logManager.reconcileFutureLog(tp, future);
                    log.info("Broker {} resumes moving {} to {} from offset {}", brokerId, tp, dest,
                            future.logEndOffset());
                } else {
                    future = logManager.createFutureLog(tp, dest, topicLogConfig.apply(tp.topic()));
                }
            } catch (IOException | RuntimeException e) {
                log.error("Broker {} could not start moving {} to {}; it stays where it was", brokerId, tp, dest, e);
                if (resumed != null) {
                    logManager.abandonFutureLog(tp, resumed);
                }
                return;
            }
            try {
                if (!copyThrottled(tp, future)) {
                    if (closing) {
                        log.info("Broker {} stops moving {} to {} at offset {}: shutting down; the move resumes at the"
                                + " next start", brokerId, tp, dest, future.logEndOffset());
                    } else {
                        log.info("Broker {} stops moving {} to {}: the move was cancelled or replaced", brokerId, tp, dest);
                    }
                    return;
                }
                boolean[] swapped = {false};
                partition.swapLog(current -> {
                    if (partition.truncations() != truncations || !stillHosted(partition)
                            || logManager.futureLogs().get(tp) != future) {
                        return current;
                    }
                    Log moved = logManager.replaceCurrentWithFutureLog(tp, future, MOVED_LOG_CLOSE_DELAY_MS);
                    swapped[0] = true;
                    return moved;
                });
                if (swapped[0]) {
                    return;
                }
                logManager.abandonFutureLog(tp, future);
                log.info("Broker {}: {} changed while its log was copied to {}; starting over", brokerId, tp, dest);
            } catch (IOException | RuntimeException e) {
                if (logManager.futureLogs().get(tp) != future) {
                    log.info("Broker {} stops moving {} to {}: the move was cancelled or replaced", brokerId, tp, dest);
                    return;
                }
                if (closing) {
                    log.info("Broker {} stops moving {} to {}: shutting down ({})", brokerId, tp, dest, e.toString());
                    return; // the future log stays for the next start
                }
                logManager.abandonFutureLog(tp, future);
                log.error("Broker {} could not move the log of {} to {}; it stays where it was", brokerId, tp, dest, e);
                return;
            }
        }
        log.warn("Broker {} gave up moving {} to {} after {} attempts", brokerId, tp, dest, MAX_ATTEMPTS);
    }

    /**
     * Copies the current log of {@code tp} into {@code future} step by step, within the quota, until
     * a step finds less than a step's worth left (the swap copies that rest under the partition's
     * lock). Returns false, leaving the future log as it is, when the broker is shutting down or the
     * future log is no longer the partition's (the move was cancelled or replaced by another).
     */
    private boolean copyThrottled(TopicPartition tp, Log future) throws IOException {
        while (true) {
            while (quota.isQuotaExceeded()) {
                if (closing || logManager.futureLogs().get(tp) != future) {
                    return false;
                }
                try {
                    Thread.sleep(QUOTA_RECHECK_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (closing || logManager.futureLogs().get(tp) != future) {
                return false;
            }
            long step = stepBytes();
            long copied = logManager.catchUpFutureLog(tp, future, step);
            quota.record(copied);
            if (copied < step) {
                return true;
            }
        }
    }

    /** A tenth of a second's worth of the quota, within [16 KiB, 1 MiB]: the rate is kept without bursts. */
    private long stepBytes() {
        long rate = quota.rate();
        return rate == Long.MAX_VALUE ? MAX_STEP_BYTES : Math.max(MIN_STEP_BYTES, Math.min(MAX_STEP_BYTES, rate / 10));
    }

    /**
     * Stops the moves: one copying stops after its current step (at most a step's worth of I/O),
     * leaving its future log to be resumed at the next start; one swapping finishes. Waits for that.
     */
    @Override
    public void close() {
        closing = true;
        // no interrupt: it would close the channels of the logs being read and written; queued moves see closing and return
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Broker {}: a log dir move still runs 30 s after shutdown began", brokerId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
