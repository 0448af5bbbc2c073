package io.gregor.replication;

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
 * thread, one move at a time, each under its partition's lock ({@link Partition#moveLog} with
 * {@link LogManager#moveLog}). A failed move is logged and leaves the replica where it was.
 */
final class ReplicaLogDirMover implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaLogDirMover.class);
    /** How long a moved-away log stays open for the reads in flight before it is closed and deleted. */
    static final long MOVED_LOG_CLOSE_DELAY_MS = 10_000;

    private final int brokerId;
    private final LogManager logManager;
    private final Function<String, LogConfig> topicLogConfig;
    private final ExecutorService thread;

    ReplicaLogDirMover(int brokerId, LogManager logManager, Function<String, LogConfig> topicLogConfig) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.topicLogConfig = topicLogConfig;
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
        thread.execute(() -> {
            TopicPartition tp = partition.topicPartition();
            try {
                partition.moveLog(current -> logManager.moveLog(tp, dest, topicLogConfig.apply(tp.topic()),
                        MOVED_LOG_CLOSE_DELAY_MS));
            } catch (IOException | RuntimeException e) {
                log.error("Broker {} could not move the log of {} to {}; it stays where it was", brokerId, tp, dest, e);
            }
        });
    }

    /** Lets a move in progress finish (no interrupt: its new log's channels must not be closed under it). */
    @Override
    public void close() {
        thread.shutdown();
    }
}
