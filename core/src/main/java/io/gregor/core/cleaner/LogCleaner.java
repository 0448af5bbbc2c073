package io.gregor.core.cleaner;

import io.gregor.clients.lifecycle.Lifecycle;
import io.gregor.core.checkpoint.OffsetCheckpointFile;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogSegment;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log cleaner: {@code log.cleaner.threads} threads that repeatedly pick the compacted log
 * ({@code cleanup.policy} containing {@code compact}) with the highest dirty ratio at or above its
 * {@code min.cleanable.dirty.ratio} (or whose oldest dirty record passed {@code max.compaction.lag.ms})
 * and compact it with {@link Cleaner}; when none qualifies a thread waits {@code log.cleaner.backoff.ms}.
 * Where each log's dirty section starts is kept in {@code cleaner-offset-checkpoint} in its log dir.
 * Logs with the {@code delete} policy alone are never touched. Each pass maps at most
 * {@link CleanerConfig#maxMapEntriesPerThread()} keys ({@code log.cleaner.dedupe.buffer.size}), and
 * all threads together read and write at most {@code log.cleaner.io.max.bytes.per.second}.
 * {@link #reconfigure} applies a new {@link CleanerConfig} while running, as Kafka's
 * {@code LogCleaner.reconfigure}: the rate at once, then the threads are stopped (each finishing
 * its pass) and started again with the new settings. Thread safe; a log is cleaned by at most one
 * thread at a time.
 */
public final class LogCleaner {
    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    public static final String CHECKPOINT_FILE = "cleaner-offset-checkpoint";

    private final List<Path> logDirs;
    private volatile CleanerConfig config; // written under this
    private final IoThrottler throttler;
    private final Supplier<Collection<Log>> logs;
    private final LongSupplier clockMs;
    private final Map<TopicPartition, Long> firstDirtyOffsets = new ConcurrentHashMap<>();
    private final Set<TopicPartition> inProgress = ConcurrentHashMap.newKeySet();
    private final Object checkpointLock = new Object();
    private final Lifecycle lifecycle = new Lifecycle("Log cleaner");
    private volatile ScheduledThreadPoolExecutor executor; // written under this

    public LogCleaner(List<Path> logDirs, int threads, long backoffMs, Supplier<Collection<Log>> logs,
                      LongSupplier clockMs) {
        this(logDirs, CleanerConfig.DEFAULT.withThreads(threads, backoffMs), logs, clockMs);
    }

    public LogCleaner(List<Path> logDirs, CleanerConfig config, Supplier<Collection<Log>> logs, LongSupplier clockMs) {
        this.logDirs = List.copyOf(logDirs);
        this.config = config;
        this.throttler = new IoThrottler(config.ioMaxBytesPerSecond(), System::nanoTime);
        this.logs = logs;
        this.clockMs = clockMs;
    }

    /** The settings in effect now. */
    public CleanerConfig config() {
        return config;
    }

    /**
     * Reads the checkpoints and starts the cleaner threads. A second startup, or one after
     * {@link #shutdown()}, throws {@link IllegalStateException} (it would leave a second set of threads).
     */
    public synchronized void startup() throws IOException {
        lifecycle.start();
        for (Path dir : logDirs) {
            firstDirtyOffsets.putAll(new OffsetCheckpointFile(dir.resolve(CHECKPOINT_FILE)).read());
        }
        startThreads();
    }

    private void startThreads() {
        CleanerConfig c = config;
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(c.threads(), r -> {
            Thread t = new Thread(r, "gregor-log-cleaner-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor = threads;
        for (int i = 0; i < c.threads(); i++) {
            threads.scheduleWithFixedDelay(this::cleanWhileCleanable, 0, c.backoffMs(), TimeUnit.MILLISECONDS);
        }
        log.info("Log cleaner started with {} thread(s), backoff {} ms, at most {} keys per pass, {} bytes/s",
                c.threads(), c.backoffMs(), c.maxMapEntriesPerThread(), c.ioMaxBytesPerSecond());
    }

    /**
     * Applies {@code newConfig}: the I/O rate at once; then, if the cleaner runs, its threads are
     * stopped (each finishing the pass it is in) and started again with the new settings.
     */
    public synchronized void reconfigure(CleanerConfig newConfig) {
        if (newConfig.ioMaxBytesPerSecond() != config.ioMaxBytesPerSecond()) {
            log.info("Log cleaner: log.cleaner.io.max.bytes.per.second now {}", newConfig.ioMaxBytesPerSecond());
        }
        config = newConfig;
        throttler.updateRate(newConfig.ioMaxBytesPerSecond());
        if (executor != null && lifecycle.state() == Lifecycle.State.STARTED) {
            stopThreads();
            startThreads();
        }
    }

    /** Stops the threads, waiting for a pass in progress to finish (no interrupts: they would close files). */
    public synchronized void shutdown() {
        lifecycle.close();
        if (executor == null) {
            return;
        }
        stopThreads();
    }

    private void stopThreads() {
        ScheduledThreadPoolExecutor stopping = executor;
        executor = null; // tells the running passes to end: see passesMustStop
        stopping.shutdown();
        throttler.wakeUp();
        try {
            if (!stopping.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("Log cleaner threads still running after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanWhileCleanable() {
        try {
            while (!Thread.currentThread().isInterrupted() && cleanOnce(this::stopping).isPresent()) {
                if (stopping()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.error("Log cleaner pass failed", e);
        }
    }

    /** Whether the threads are being stopped (read without the lock: stopping holds it while it waits for them). */
    private boolean stopping() {
        ScheduledThreadPoolExecutor current = executor;
        return current == null || current.isShutdown();
    }

    /** Where the next pass over {@code tp} starts (its cleaner checkpoint), or empty if never cleaned. */
    public Optional<Long> firstDirtyOffset(TopicPartition tp) {
        return Optional.ofNullable(firstDirtyOffsets.get(tp));
    }

    /** Forgets a deleted log. */
    public void remove(TopicPartition tp) {
        firstDirtyOffsets.remove(tp);
    }

    /**
     * Cleans the dirtiest cleanable compacted log, if any; returns what was done. Used by the
     * threads, callable directly (tests, tools).
     */
    public Optional<CleanResult> cleanOnce() {
        return cleanOnce(() -> false);
    }

    /** As {@link #cleanOnce()}; the pass ends, changing nothing, once {@code aborted} turns true. */
    private Optional<CleanResult> cleanOnce(BooleanSupplier aborted) {
        long now = clockMs.getAsLong();
        Log best = null;
        double bestRatio = -1;
        for (Log l : logs.get()) {
            if (l.isClosed() || !l.config().compact() || inProgress.contains(l.topicPartition())) {
                continue;
            }
            try {
                double ratio = dirtyRatio(l, now);
                if (ratio > bestRatio) {
                    best = l;
                    bestRatio = ratio;
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot compute the dirty ratio of {}", l.topicPartition(), e);
            }
        }
        if (best == null || !inProgress.add(best.topicPartition())) {
            return Optional.empty();
        }
        try {
            CleanerConfig c = config;
            CleanResult result = Cleaner.clean(best, firstDirty(best), now, c.maxMapEntriesPerThread(), throttler,
                    aborted);
            firstDirtyOffsets.put(best.topicPartition(), result.firstDirtyOffset());
            writeCheckpoint(best.dir().getParent());
            log.info("Cleaned {}: {} -> {} bytes, {} records dropped, dirty from offset {}", best.topicPartition(),
                    result.bytesBefore(), result.bytesAfter(), result.recordsDropped(), result.firstDirtyOffset());
            return Optional.of(result);
        } catch (Cleaner.AbortedException e) {
            log.info("{}; it goes on at the next start of the cleaner", e.getMessage());
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.error("Cleaning {} failed", best.topicPartition(), e);
            best.reportIfIoFailure("cleaning", e); // as Kafka's cleaner: an I/O error takes the log's dir offline
            return Optional.empty();
        } finally {
            inProgress.remove(best.topicPartition());
        }
    }

    private long firstDirty(Log l) {
        long checkpoint = firstDirtyOffsets.getOrDefault(l.topicPartition(), l.logStartOffset());
        if (checkpoint < l.logStartOffset() || checkpoint > l.logEndOffset()) {
            return l.logStartOffset();
        }
        return checkpoint;
    }

    /**
     * The dirty bytes over all cleanable bytes, if that reaches {@code min.cleanable.dirty.ratio} or
     * the oldest dirty segment passed {@code max.compaction.lag.ms} (then reported as 1); else -1.
     */
    double dirtyRatio(Log l, long now) throws IOException {
        List<LogSegment> cleanable = Cleaner.cleanableSegments(l, now);
        long end = Cleaner.cleanableEnd(l, cleanable);
        long firstDirty = firstDirty(l);
        if (cleanable.isEmpty() || end <= firstDirty) {
            return -1;
        }
        long clean = 0;
        long dirty = 0;
        long oldestDirty = Long.MAX_VALUE;
        for (int i = 0; i < cleanable.size(); i++) {
            LogSegment s = cleanable.get(i);
            long next = i + 1 < cleanable.size() ? cleanable.get(i + 1).baseOffset() : end;
            if (next <= firstDirty) {
                clean += s.size();
            } else {
                dirty += s.size();
                oldestDirty = Math.min(oldestDirty, s.largestTimestamp());
            }
        }
        if (dirty == 0) {
            return -1;
        }
        double ratio = (double) dirty / (clean + dirty);
        if (now - oldestDirty > l.config().maxCompactionLagMs()) {
            return 1.0;
        }
        return ratio >= l.config().minCleanableDirtyRatio() ? ratio : -1;
    }

    private void writeCheckpoint(Path dir) throws IOException {
        synchronized (checkpointLock) {
            Map<TopicPartition, Long> entries = new HashMap<>();
            for (Log l : logs.get()) {
                Long offset = firstDirtyOffsets.get(l.topicPartition());
                if (offset != null && l.dir().getParent().equals(dir)) {
                    entries.put(l.topicPartition(), offset);
                }
            }
            new OffsetCheckpointFile(dir.resolve(CHECKPOINT_FILE)).write(entries);
        }
    }
}
