package io.gregor.core.log;

import io.gregor.core.cleaner.LogCleaner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The future logs of the {@link LogManager} (Kafka's futureLogs): the logs AlterReplicaLogDirs
 * moves are building in another log dir of the broker, from their creation, through the copy
 * ({@link LogDirMove}) and the swap that makes one the partition's current log, to their deletion
 * when a move is abandoned. Future logs found at startup are adopted so that their moves resume.
 *
 * <p>Thread safety: the map is concurrent; the swap is called under the partition's lock and puts
 * the moved log in place through the log manager's creation lock.
 */
final class FutureLogs {
    private static final Logger log = LoggerFactory.getLogger(FutureLogs.class);

    private final Map<TopicPartition, Log> futures = new ConcurrentHashMap<>();
    private final LogManager owner; // the current logs, the dirs, and how logs are opened and installed

    FutureLogs(LogManager owner) {
        this.owner = owner;
    }

    /**
     * Takes the future logs found at startup: each resumes once its partition is hosted; one whose
     * partition has no current log here has nothing to catch up from and is deleted.
     */
    void adopt(Map<TopicPartition, Log> found) {
        found.forEach((tp, future) -> {
            futures.put(tp, future);
            java.util.Optional<Log> current = owner.getLog(tp);
            if (current.isEmpty()) {
                log.warn("Deleting the future log {}: this broker has no current log of {} to move", future.dir(), tp);
                abandonFutureLog(tp, future);
            } else {
                log.info("Found the unfinished move of {} from {} to {}; it resumes once the partition is hosted",
                        tp, current.get().dir().getParent(), future.dir().getParent());
            }
        });
    }

    /** The future log of {@code tp}, or null. */
    Log get(TopicPartition tp) {
        return futures.get(tp);
    }

    /** The future logs, for the checkpoints, shutdown and failure handling. */
    java.util.Collection<Log> all() {
        return futures.values();
    }

    /**
     * Moves the log of {@code tp} to log dir {@code dest} in one go (the caller holds the
     * partition's lock): {@link #createFutureLog}, {@link LogDirMove#catchUp}, {@link #replaceCurrentWithFutureLog}.
     */
    Log moveLog(TopicPartition tp, Path dest, LogConfig logConfig, long closeDelayMs) throws IOException {
        Log current = owner.getLog(tp).orElse(null);
        if (current != null && current.dir().getParent().equals(dest)) {
            return current;
        }
        Log future = createFutureLog(tp, dest, logConfig);
        try {
            catchUpFutureLog(tp, future);
            return replaceCurrentWithFutureLog(tp, future, closeDelayMs);
        } catch (IOException | RuntimeException e) {
            abandonFutureLog(tp, future);
            throw e;
        }
    }

    /**
     * Creates the future log of {@code tp} in {@code dest} (AlterReplicaLogDirs): an empty log in
     * {@code <dest>/<tp>.<id>-future} starting at the current log's start offset, reported by
     * {@link #futureLogs()} until it replaces the current log or is abandoned.
     */
    Log createFutureLog(TopicPartition tp, Path dest, LogConfig logConfig) throws IOException {
        Log current = owner.getLog(tp).orElse(null);
        if (current == null) {
            throw new IOException("no log of " + tp + " on this broker");
        }
        if (!owner.logDirs().contains(dest) || owner.isOffline(dest)) {
            throw new IOException("log dir " + dest + " is not an online log dir of " + owner.logDirs());
        }
        String id = "." + UUID.randomUUID().toString().replace("-", "");
        Path dir = dest.resolve(tp.dirName() + id + LogDirMove.FUTURE_SUFFIX);
        Log future;
        try {
            future = owner.open(dir, logConfig, current.logStartOffset(), current.logStartOffset(), true);
        } catch (IOException e) {
            owner.failureChannel().maybeAddOfflineLogDir(dest, "creating the future log of " + tp + " failed", e);
            throw e;
        }
        Log previous = futures.put(tp, future);
        if (previous != null) {
            abandon(previous);
        }
        return future;
    }

    /** Copies into {@code future} what the current log of {@code tp} holds beyond it; returns the bytes copied. */
    long catchUpFutureLog(TopicPartition tp, Log future) throws IOException {
        return catchUpFutureLog(tp, future, Long.MAX_VALUE);
    }

    /**
     * As {@link #catchUpFutureLog(TopicPartition, Log)}, stopping once about {@code maxBytes} were
     * copied (whole batches: the first one is copied even if larger); a copy that returns less than
     * {@code maxBytes} reached the current log end offset.
     */
    long catchUpFutureLog(TopicPartition tp, Log future, long maxBytes) throws IOException {
        Log current = owner.getLog(tp).orElse(null);
        if (current == null) {
            throw new IOException("no log of " + tp + " on this broker");
        }
        return LogDirMove.catchUp(current, future, maxBytes);
    }

    /**
     * Truncates the future log of a move resumed at startup to where it agrees with the current log
     * of {@code tp} (by leader epochs, as a follower truncates to its leader), since the current log
     * may have been truncated after the copy was made.
     */
    void reconcileFutureLog(TopicPartition tp, Log future) throws IOException {
        Log current = owner.getLog(tp).orElse(null);
        if (current == null) {
            throw new IOException("no log of " + tp + " on this broker");
        }
        LogDirMove.truncateToAgreeWith(current, future);
    }

    /** The future logs of moves in progress, by partition. */
    Map<TopicPartition, Log> futureLogs() {
        return Map.copyOf(futures);
    }

    /** Deletes the future log of a move that will not complete. */
    void abandonFutureLog(TopicPartition tp, Log future) {
        futures.remove(tp, future);
        abandon(future);
    }

    private void abandon(Log future) {
        try {
            future.delete();
        } catch (IOException | RuntimeException e) {
            log.warn("Deleting the future log {} failed: {}", future.dir(), e.toString());
        }
    }

    /**
     * Swaps in the future log of {@code tp} (Kafka's replaceCurrentWithFutureLog); the caller holds
     * the partition's lock, so nothing appends meanwhile, and has just written the producer-state
     * snapshot. The last batches are copied, the snapshots, aborted transactions and leader epochs carried over, the
     * future log closed, its directory renamed to {@code <dest>/<tp>} and opened again; the old
     * log's directory is renamed {@code ...-delete} and the old log closed and deleted
     * {@code closeDelayMs} later (reads in flight finish first). As in Kafka, a crash between the
     * two renames leaves the partition in both dirs and stops the next startup with a message naming them.
     */
    Log replaceCurrentWithFutureLog(TopicPartition tp, Log future, long closeDelayMs) throws IOException {
        Log current = owner.getLog(tp).orElse(null);
        if (current == null || futures.get(tp) != future) {
            throw new IOException("no move of " + tp + " in progress with " + future.dir());
        }
        LogDirMove.catchUp(current, future);
        if (future.logEndOffset() != current.logEndOffset()) {
            throw new IOException("the future log of " + tp + " ends at " + future.logEndOffset()
                    + ", the current one at " + current.logEndOffset());
        }
        future.maybeIncrementLogStartOffset(current.logStartOffset());
        for (var entry : current.leaderEpochCache().entries()) {
            future.leaderEpochCache().assign(entry.epoch(), entry.startOffset());
        }
        LogDirMove.copySnapshots(current.dir(), future.dir());
        LogDirMove.copyAbortedTxns(current, future);
        long end = future.logEndOffset();
        long start = future.logStartOffset();
        future.close();
        Path dest = future.dir().getParent();
        Path target = dest.resolve(tp.dirName());
        Files.move(future.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        LogDirMove.force(dest);
        Log moved = owner.open(target, future.config(), start, end, true);
        moved.updateHighWatermark(current.highWatermark());
        String id = future.dir().getFileName().toString().substring(tp.dirName().length(),
                future.dir().getFileName().toString().length() - LogDirMove.FUTURE_SUFFIX.length());
        Path doomed = current.dir().resolveSibling(tp.dirName() + id + LogDirMove.DELETE_SUFFIX);
        owner.install(moved, () -> futures.remove(tp, future));
        try {
            Files.move(current.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the old copy cannot be set aside: its dir is failing, and would hold the partition twice at restart
            owner.failureChannel().maybeAddOfflineLogDir(current.dir().getParent(), "setting aside the moved log of " + tp
                    + " failed", e);
        }
        LogCleaner c = owner.cleaner();
        if (c != null) {
            c.remove(tp);
        }
        owner.scheduleAfter(closeDelayMs, () -> {
            try {
                current.close();
            } catch (IOException | RuntimeException e) {
                log.warn("Closing the moved-away log of {} failed: {}", tp, e.toString());
            }
            try {
                LogDirLoader.deleteRecursively(doomed);
            } catch (IOException e) {
                log.warn("Deleting {} failed: {}", doomed, e.toString());
            }
        });
        owner.checkpointQuietly();
        log.info("Moved the log of {} from {} to {}", tp, current.dir().getParent(), dest);
        return moved;
    }
}
