package io.gregor.replication;

import io.gregor.core.log.Log;
import io.gregor.core.log.LogConfig;
import io.gregor.core.log.LogManager;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * log deleted, and the replica stays where it was.
 */
final class ReplicaLogDirMover implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaLogDirMover.class);
    /** How long a moved-away log stays open for the reads in flight before it is closed and deleted. */
    static final long MOVED_LOG_CLOSE_DELAY_MS = 10_000;
    /** Catch-up passes before the swap, each copying what was appended during the previous one. */
    private static final int CATCH_UP_PASSES = 10;
    /** A pass copying less than this leaves the rest to the swap, under the lock. */
    private static final long SMALL_REMAINDER_BYTES = 1 << 20;
    private static final int MAX_ATTEMPTS = 5;

    private final int brokerId;
    private final LogManager logManager;
    private final Function<String, LogConfig> topicLogConfig;
    private final Function<TopicPartition, Optional<Partition>> hosted;
    private final ExecutorService thread;

    /** @param hosted the partition this broker hosts now (a move stops when its partition is gone or replaced) */
    ReplicaLogDirMover(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig,
                       Function<TopicPartition, Optional<Partition>> hosted) {
        this.brokerId = brokerId;
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
        thread.execute(() -> move(partition, dest));
    }

    private boolean stillHosted(Partition partition) {
        return hosted.apply(partition.topicPartition()).filter(p -> p == partition).isPresent();
    }

    private void move(Partition partition, Path dest) {
        TopicPartition tp = partition.topicPartition();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (!stillHosted(partition) || partition.log().dir().getParent().equals(dest)) {
                return;
            }
            long truncations = partition.truncations();
            Log future;
            try {
                future = logManager.createFutureLog(tp, dest, topicLogConfig.apply(tp.topic()));
            } catch (IOException | RuntimeException e) {
                log.error("Broker {} could not start moving {} to {}; it stays where it was", brokerId, tp, dest, e);
                return;
            }
            try {
                for (int pass = 0; pass < CATCH_UP_PASSES; pass++) {
                    if (logManager.catchUpFutureLog(tp, future) < SMALL_REMAINDER_BYTES) {
                        break;
                    }
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
                logManager.abandonFutureLog(tp, future);
                log.error("Broker {} could not move the log of {} to {}; it stays where it was", brokerId, tp, dest, e);
                return;
            }
        }
        log.warn("Broker {} gave up moving {} to {} after {} attempts", brokerId, tp, dest, MAX_ATTEMPTS);
    }

    /** Lets a move in progress finish (no interrupt: its new log's channels must not be closed under it). */
    @Override
    public void close() {
        thread.shutdown();
    }
}
