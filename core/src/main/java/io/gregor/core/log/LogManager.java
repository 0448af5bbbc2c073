package io.gregor.core.log;

import io.gregor.core.cleaner.CleanerConfig;
import io.gregor.core.cleaner.LogCleaner;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every partition log of the broker across {@code log.dirs}: loads them at startup
 * ({@link LogDirLoader}: {@code meta.properties}, parallel loading, recovery without a clean-shutdown
 * marker), creates new logs in the dir with the fewest partitions, keeps the future logs of log dir
 * moves ({@link FutureLogs}), takes a dir that failed with an I/O error offline, and periodically
 * writes the recovery-point, log-start-offset and replication-offset checkpoints and applies
 * retention. {@link #shutdown()} flushes and closes every log, writes the checkpoints and the
 * {@value #CLEAN_SHUTDOWN_FILE} marker.
 *
 * <p>Thread safety: all public methods may be called from any thread; log creation and deletion
 * are serialized by one lock, checkpoint writes by another.
 */
public final class LogManager implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LogManager.class);

    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";

    private final LogManagerConfig config;
    private final Function<String, LogConfig> topicConfigs;
    private final LongSupplier clockMs;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConcurrentHashMap<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, LoadResult> loadResults = new ConcurrentHashMap<>();
    private final Set<Path> offlineDirs = ConcurrentHashMap.newKeySet(); // a dir that failed with an I/O error; never leaves
    private final LogDirFailureChannel failureChannel = new LogDirFailureChannel();
    /** Where AlterReplicaLogDirs asked a partition this broker does not hold yet to be created. */
    private final Map<TopicPartition, Path> preferredLogDirs = new ConcurrentHashMap<>();
    private final FutureLogs futureLogs = new FutureLogs(this); // the logs of AlterReplicaLogDirs moves in progress
    private final Object createLock = new Object();
    private final LogCreations creating = new LogCreations(); // guarded by createLock
    private final LogListeners listeners = new LogListeners(); // told under createLock
    private final Object checkpointLock = new Object();
    private final List<ScheduledFuture<?>> periodicTasks = new ArrayList<>(); // guarded by this
    private LogCleaner cleaner; // set at startup when log.cleaner.enable; guarded by this
    private CleanerConfig cleanerConfig; // guarded by this
    /** {@code num.recovery.threads.per.data.dir} now: read by the next log loading or shutdown. */
    private volatile int recoveryThreadsPerDataDir;
    private boolean started; // guarded by this
    private boolean shutDown; // guarded by this

    /**
     * @param topicConfigs the log config of a topic when its logs are loaded at startup (asked once per topic and load)
     * @param clockMs      wall-clock milliseconds given to every log
     */
    public LogManager(LogManagerConfig config, Function<String, LogConfig> topicConfigs, LongSupplier clockMs) {
        this.config = config;
        this.cleanerConfig = config.cleaner();
        this.recoveryThreadsPerDataDir = config.recoveryThreadsPerDataDir();
        this.topicConfigs = topicConfigs;
        this.clockMs = clockMs;
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "gregor-log-scheduler-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        // At shutdown, delayed deletions are drained and run by shutdown() itself, not waited for.
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public LogManager(LogManagerConfig config) {
        this(config, topic -> config.defaultLogConfig(), System::currentTimeMillis);
    }

    /** Prepares the dirs, deletes the clean-shutdown markers, loads all logs and starts the periodic tasks. */
    public synchronized void startup() throws IOException {
        if (started) {
            throw new IllegalStateException("log manager already started");
        }
        started = true;
        Map<Path, Boolean> cleanDirs = LogDirLoader.prepareDirs(config, (dir, e) -> {
            offlineDirs.add(dir);
            failureChannel.maybeAddOfflineLogDir(dir, "unusable at startup", e);
        });
        if (cleanDirs.isEmpty()) {
            throw new IOException("none of the log.dirs " + config.logDirs() + " is usable");
        }
        // As Kafka (KAFKA-10471): the markers go before loading, so that a crash while loading or
        // any time later makes the next start recover.
        for (Path dir : cleanDirs.keySet()) {
            Files.deleteIfExists(dir.resolve(CLEAN_SHUTDOWN_FILE));
        }
        LogDirLoader.Loaded loaded = LogDirLoader.load(config, cleanDirs, topicConfigs, this::open);
        synchronized (createLock) {
            logs.putAll(loaded.logs());
            loaded.logs().keySet().forEach(listeners::added);
        }
        loaded.logs().forEach((tp, l) -> loadResults.put(tp, l.loadResult()));
        futureLogs.adopt(loaded.futureLogs());
        periodicTasks.add(scheduler.scheduleWithFixedDelay(this::checkpointQuietly, config.checkpointIntervalMs(),
                config.checkpointIntervalMs(), TimeUnit.MILLISECONDS));
        periodicTasks.add(scheduler.scheduleWithFixedDelay(this::cleanupLogs, config.retentionCheckIntervalMs(),
                config.retentionCheckIntervalMs(), TimeUnit.MILLISECONDS));
        if (config.cleanerEnable()) {
            cleaner = new LogCleaner(liveLogDirs(), cleanerConfig, this::allLogs, clockMs);
            cleaner.startup();
        }
        long recovered = loadResults.values().stream().filter(r -> r.segmentsRecovered() > 0).count();
        long cut = loadResults.values().stream().filter(r -> r.bytesTruncated() > 0
                || r.segmentsDeletedAfterCorruption() > 0).count();
        log.info("Log manager started with {} logs in {}{}", logs.size(), config.logDirs(), recovered == 0 ? ""
                : " (" + recovered + " recovered after an unclean shutdown, " + cut + " of them cut at a torn or corrupt batch)");
    }

    /** Opens a log of this broker: its I/O errors take its log dir offline through the failure channel. */
    Log open(Path dir, LogConfig logConfig, long logStartOffset, long recoveryPoint, boolean clean)
            throws IOException {
        Log opened = Log.open(dir, logConfig, logStartOffset, recoveryPoint, clean, clockMs, scheduler);
        opened.reportIoFailuresTo(failureChannel);
        return opened;
    }

    /**
     * The log of {@code tp}, creating it with {@code logConfig} in the dir holding the fewest
     * partitions. The files are created outside the creation lock, so that a LeaderAndIsr of
     * thousands of new partitions creates them on all its threads at once (under the lock, each
     * creation's mkdir and file opens waited for the one before, behind the broker's fsyncs); a
     * second caller for the same partition waits for the first one's log.
     */
    public Log getOrCreateLog(TopicPartition tp, LogConfig logConfig) throws IOException {
        Log existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        LogCreations.Creation mine = null;
        LogCreations.Creation other;
        synchronized (createLock) {
            existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            other = creating.get(tp);
            if (other == null) {
                checkRunning();
                Path preferred = preferredLogDirs.remove(tp);
                Path parent = preferred != null && liveLogDirs().contains(preferred) ? preferred : leastLoadedDir();
                mine = creating.reserve(tp, parent);
            }
        }
        if (mine == null) {
            return other.await(tp);
        }
        Path dir = mine.parent().resolve(tp.dirName());
        Log created;
        try {
            created = open(dir, logConfig, 0L, 0L, true);
        } catch (IOException | RuntimeException e) {
            synchronized (createLock) {
                creating.end(tp);
            }
            if (e instanceof IOException io) {
                failureChannel.maybeAddOfflineLogDir(mine.parent(), "creating the log of " + tp + " failed", io);
            }
            mine.done().completeExceptionally(e);
            throw e;
        }
        try {
            synchronized (createLock) {
                creating.end(tp);
                checkRunning();
                if (offlineDirs.contains(mine.parent())) {
                    throw new IOException("log dir " + mine.parent() + " went offline while the log of " + tp
                            + " was created there");
                }
                logs.put(tp, created);
                listeners.added(tp);
            }
        } catch (IOException | RuntimeException e) {
            created.close();
            mine.done().completeExceptionally(e);
            throw e;
        }
        mine.done().complete(created);
        log.info("Created log for {} in {}", tp, dir);
        return created;
    }

    /** Waits for a creation of the log of {@code tp} in flight, if any (its outcome is the creator's business). */
    private void awaitCreationInFlight(TopicPartition tp) {
        LogCreations.Creation inFlight;
        synchronized (createLock) {
            inFlight = creating.get(tp);
        }
        if (inFlight != null) {
            inFlight.awaitEnd();
        }
    }

    /**
     * Tells {@code listener} from now on when a log comes to this broker or leaves it; add it before
     * {@link #startup()} to hear of the logs loaded there.
     */
    public void addLogListener(LogListener listener) {
        listeners.add(listener);
    }

    /**
     * The online dir holding the fewest partitions (Kafka's placement rule); the first of them on a
     * tie. The only online dir without counting: counting walks every log, which made creating N
     * partitions in one dir take N² steps under the creation lock.
     */
    private Path leastLoadedDir() throws IOException {
        List<Path> live = liveLogDirs();
        if (live.size() == 1) {
            return live.get(0);
        }
        Map<Path, Integer> counts = new HashMap<>();
        for (Path dir : live) {
            counts.put(dir, 0);
        }
        for (Log l : logs.values()) {
            counts.computeIfPresent(l.dir().getParent(), (d, n) -> n + 1);
        }
        for (LogCreations.Creation c : creating.all()) {
            counts.computeIfPresent(c.parent(), (d, n) -> n + 1);
        }
        return live.stream().min(Comparator.comparingInt(counts::get))
                .orElseThrow(() -> new IOException("every log directory of " + config.logDirs() + " is offline"));
    }

    /** Creates the log of {@code tp}, when it comes, in {@code dir} (AlterReplicaLogDirs for a replica not yet here). */
    public void setPreferredLogDir(TopicPartition tp, Path dir) {
        preferredLogDirs.put(tp, dir);
    }

    /**
     * Moves the log of {@code tp} to log dir {@code dest} in one go (the caller holds the
     * partition's lock): {@link #createFutureLog}, {@link #catchUpFutureLog}, {@link #replaceCurrentWithFutureLog}.
     */
    public Log moveLog(TopicPartition tp, Path dest, LogConfig logConfig, long closeDelayMs) throws IOException {
        return futureLogs.moveLog(tp, dest, logConfig, closeDelayMs);
    }

    /**
     * Creates the future log of {@code tp} in {@code dest} (AlterReplicaLogDirs): an empty log in
     * {@code <dest>/<tp>.<id>-future} starting at the current log's start offset, reported by
     * {@link #futureLogs()} until it replaces the current log or is abandoned.
     */
    public Log createFutureLog(TopicPartition tp, Path dest, LogConfig logConfig) throws IOException {
        return futureLogs.createFutureLog(tp, dest, logConfig);
    }

    /** Copies into {@code future} what the current log of {@code tp} holds beyond it; returns the bytes copied. */
    public long catchUpFutureLog(TopicPartition tp, Log future) throws IOException {
        return futureLogs.catchUpFutureLog(tp, future);
    }

    /** As {@link #catchUpFutureLog(TopicPartition, Log)}, stopping after about {@code maxBytes} (whole batches). */
    public long catchUpFutureLog(TopicPartition tp, Log future, long maxBytes) throws IOException {
        return futureLogs.catchUpFutureLog(tp, future, maxBytes);
    }

    /** Truncates a future log found at startup to where it agrees with the current log (see {@link FutureLogs}). */
    public void reconcileFutureLog(TopicPartition tp, Log future) throws IOException {
        futureLogs.reconcileFutureLog(tp, future);
    }

    /** The future logs of moves in progress, by partition. */
    public Map<TopicPartition, Log> futureLogs() {
        return futureLogs.futureLogs();
    }

    /** Deletes the future log of a move that will not complete. */
    public void abandonFutureLog(TopicPartition tp, Log future) {
        futureLogs.abandonFutureLog(tp, future);
    }

    /** Swaps in the future log of {@code tp} (Kafka's replaceCurrentWithFutureLog); see {@link FutureLogs}. */
    public Log replaceCurrentWithFutureLog(TopicPartition tp, Log future, long closeDelayMs) throws IOException {
        return futureLogs.replaceCurrentWithFutureLog(tp, future, closeDelayMs);
    }

    /** Puts the moved log of a swap in place of the current one, running {@code alongside} under the creation lock. */
    void install(Log moved, Runnable alongside) {
        synchronized (createLock) {
            logs.put(moved.topicPartition(), moved);
            alongside.run();
        }
    }

    void scheduleAfter(long delayMs, Runnable task) {
        scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The dirs of {@code log.dirs} that are online. */
    public List<Path> liveLogDirs() {
        return config.logDirs().stream().filter(d -> !offlineDirs.contains(d)).toList();
    }

    /** Where I/O errors of this broker's log dirs are reported. */
    public LogDirFailureChannel failureChannel() {
        return failureChannel;
    }

    /**
     * Takes {@code dir} offline after an I/O error (Kafka's handleLogDirFailure): its logs are
     * forgotten and closed (their files stay as they are), and it gets no new logs until the
     * broker restarts. Returns the partitions whose logs were there.
     */
    public List<TopicPartition> handleLogDirFailure(Path dir) {
        List<Log> lost;
        synchronized (createLock) {
            offlineDirs.add(dir);
            lost = logsIn(dir);
            lost.forEach(l -> {
                if (logs.remove(l.topicPartition(), l)) {
                    listeners.removed(l.topicPartition());
                }
            });
        }
        // moves into the failed dir, or of the logs lost with it, will not complete
        futureLogs.futureLogs().forEach((tp, future) -> {
            if (future.dir().getParent().equals(dir) || lost.stream().anyMatch(l -> l.topicPartition().equals(tp))) {
                abandonFutureLog(tp, future);
            }
        });
        LogCleaner c = cleaner();
        for (Log l : lost) {
            if (c != null) {
                c.remove(l.topicPartition());
            }
            try {
                l.close();
            } catch (IOException | RuntimeException e) {
                log.warn("Closing log {} of offline dir {} failed: {}", l.topicPartition(), dir, e.toString());
            }
        }
        log.error("Log directory {} is offline; {} logs there are no longer served: {}", dir, lost.size(),
                lost.stream().map(Log::topicPartition).toList());
        return lost.stream().map(Log::topicPartition).toList();
    }

    /** The data directories of {@code log.dirs}, in their configured order. */
    public List<Path> logDirs() {
        return config.logDirs();
    }

    /** True once {@code dir} failed with an I/O error: it holds no logs any more until the broker restarts. */
    public boolean isOffline(Path dir) {
        return offlineDirs.contains(dir);
    }

    /** The logs held in {@code dir}, one of {@link #logDirs()}. */
    public List<Log> logsIn(Path dir) {
        return logs.values().stream().filter(l -> l.dir().getParent().equals(dir)).toList();
    }

    public Optional<Log> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public Collection<Log> allLogs() {
        return List.copyOf(logs.values());
    }

    /** How each log found at startup was loaded. */
    public Map<TopicPartition, LoadResult> loadResults() {
        return Map.copyOf(loadResults);
    }

    /** Closes and deletes the log of {@code tp} with its directory; returns false if there was none. */
    public boolean deleteLog(TopicPartition tp) throws IOException {
        awaitCreationInFlight(tp); // a log being created when its deletion came is deleted, not left behind
        Log removed;
        synchronized (createLock) {
            removed = logs.remove(tp);
            if (removed != null) {
                listeners.removed(tp);
            }
        }
        Log future = futureLogs.get(tp);
        if (future != null) {
            futureLogs.abandonFutureLog(tp, future);
        }
        if (removed == null) {
            return false;
        }
        removed.delete();
        LogCleaner c = cleaner();
        if (c != null) {
            c.remove(tp);
        }
        checkpointLogOffsets();
        log.info("Deleted log for {} in {}", tp, removed.dir());
        return true;
    }

    /**
     * Writes, for every log dir, the recovery-point, log-start-offset and replication-offset
     * (high watermark) checkpoints of the logs it holds.
     */
    public void checkpointLogOffsets() throws IOException {
        synchronized (checkpointLock) {
            LogDirCheckpoints.write(liveLogDirs(), logsAndFutureLogs(), failureChannel);
        }
    }

    /** Every current log and every future log (each dir holds at most one of a partition's two). */
    private List<Log> logsAndFutureLogs() {
        List<Log> all = new ArrayList<>(logs.values());
        all.addAll(futureLogs.all());
        return all;
    }

    /** Applies retention to every log; returns the number of segments deleted. */
    public int cleanupLogs() {
        int deleted = 0;
        for (Log l : logs.values()) {
            try {
                deleted += l.deleteOldSegments();
            } catch (IOException | RuntimeException e) {
                log.error("Retention of {} failed", l.topicPartition(), e);
                l.reportIfIoFailure("retention", e); // as Kafka: deleting segments failed, the dir goes offline
            }
        }
        return deleted;
    }

    void checkpointQuietly() {
        try {
            checkpointLogOffsets();
        } catch (IOException | RuntimeException e) {
            log.error("Writing log offset checkpoints to {} failed", config.logDirs(), e);
        }
    }

    /** A pool of {@code num.recovery.threads.per.data.dir} threads per log dir, as it is set now. */
    private ExecutorService recoveryThreads() {
        return LogDirLoader.recoveryPool(recoveryThreadsPerDataDir, config.logDirs().size());
    }

    /**
     * {@code num.recovery.threads.per.data.dir} changed while running: as in Kafka, the next use of
     * the recovery threads (closing the logs at shutdown, loading them at the next start) has as many.
     */
    public void resizeRecoveryThreadPool(int threadsPerDataDir) {
        if (threadsPerDataDir < 1) {
            throw new IllegalArgumentException("num.recovery.threads.per.data.dir must be at least 1: " + threadsPerDataDir);
        }
        recoveryThreadsPerDataDir = threadsPerDataDir;
    }

    /** {@code num.recovery.threads.per.data.dir} in effect now. */
    public int recoveryThreadsPerDataDir() {
        return recoveryThreadsPerDataDir;
    }

    /**
     * Sizes the pool that runs the logs' background work (checkpoints, retention, post-roll flushes,
     * delayed deletions): Kafka's {@code background.threads}, which may change while running.
     */
    public void resizeSchedulerPool(int threads) {
        scheduler.setCorePoolSize(threads);
    }

    /** The size of the background pool now. */
    public int schedulerPoolSize() {
        return scheduler.getCorePoolSize();
    }

    /**
     * Applies new {@code log.cleaner.*} settings while running: the cleaner (when enabled) is
     * restarted with them, as Kafka's {@code LogCleaner.reconfigure} does.
     */
    public void reconfigureCleaner(CleanerConfig newConfig) {
        LogCleaner c;
        synchronized (this) {
            if (newConfig.equals(cleanerConfig)) {
                return;
            }
            cleanerConfig = newConfig;
            c = cleaner;
        }
        if (c != null) {
            c.reconfigure(newConfig);
        }
    }

    /** The log cleaner (compaction of {@code cleanup.policy=compact} logs), or null when disabled or not started. */
    public synchronized LogCleaner cleaner() {
        return cleaner;
    }

    private synchronized void checkRunning() {
        if (!started || shutDown) {
            throw new IllegalStateException("log manager is not running");
        }
    }

    /** Flushes and closes every log, writes the checkpoints and the clean-shutdown marker in each dir. */
    public synchronized void shutdown() throws IOException {
        if (!started || shutDown) {
            return;
        }
        shutDown = true;
        periodicTasks.forEach(t -> t.cancel(false));
        if (cleaner != null) {
            cleaner.shutdown();
        }
        // No interrupts: an interrupted FileChannel operation would close a segment's channel.
        // Pending post-roll flushes and delayed segment deletions run now, before the logs close.
        List<Runnable> pending = new ArrayList<>();
        scheduler.getQueue().drainTo(pending);
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Log scheduler tasks still running after 30 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.forEach(Runnable::run);
        IOException failure = null;
        for (Log future : futureLogs.all()) {
            try {
                future.close(); // an unfinished move: loaded at the next startup and resumed
            } catch (IOException | RuntimeException e) {
                log.warn("Closing the future log {} failed: {}", future.dir(), e.toString());
            }
        }
        failure = closeLogs();
        checkpointLogOffsets();
        if (failure != null) {
            throw new IOException("shutdown of the log manager was not clean", failure);
        }
        for (Path dir : liveLogDirs()) {
            Path marker = dir.resolve(CLEAN_SHUTDOWN_FILE);
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        }
        log.info("Log manager shut down cleanly ({} logs)", logs.size());
    }

    /** Closes every log on the recovery threads (as Kafka's shutdown does); returns the last failure, if any. */
    private IOException closeLogs() {
        ExecutorService pool = recoveryThreads();
        List<Future<?>> closing = new ArrayList<>();
        IOException failure = null;
        try {
            for (Log l : logs.values()) {
                closing.add(pool.submit(() -> {
                    l.close();
                    return null;
                }));
            }
            for (Future<?> f : closing) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    log.error("Closing a log failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new java.io.InterruptedIOException("interrupted while closing the logs");
                }
            }
        } finally {
            pool.shutdown();
        }
        return failure;
    }

    @Override
    public void close() throws IOException {
        shutdown();
    }
}
