package io.gregor.core.log;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.epoch.LeaderEpochFileCache;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.index.TransactionIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment files of one {@link Log} and their lifecycle: the ordered set of {@link LogSegment}s in
 * the partition directory (the last one active), the offsets the set defines (log start offset, log
 * end offset, recovery point), and everything that changes the set: writing to the active segment,
 * roll, retention by time, size and log start offset, truncation, the cleaner's segment swap, flush,
 * close and delete. When offsets leave the log it drops their entries from the leader epoch cache,
 * which it shares with its {@code Log}.
 *
 * <p>Thread safety: every write to the state here (segment map, offsets, {@code closed}) holds the
 * per-partition lock of the owning {@code Log}, which passes it in. Complete operations
 * ({@link #roll()}, {@link #deleteOldSegments()}, {@link #replaceSegments}, {@link #close()},
 * {@link #delete()}) take the lock themselves; the steps of operations that {@code Log} coordinates
 * with its high watermark ({@link #append}, {@link #truncateTo}, {@link #truncateFullyAndStartAt},
 * {@link #raiseLogStartOffset}, {@link #deleteBelowLogStartOffset}) require the caller to hold it.
 * {@link #flush(long)} forces segments to disk without the lock and takes it only to move the
 * recovery point. Reads take no lock: the segment map is concurrent and the offsets are volatile,
 * the log end offset published only after the bytes and index entries it covers are written.
 * Removed segments are renamed to {@code .deleted} and closed after {@code file.delete.delay.ms}
 * when a scheduler is given, so reads in flight finish.
 */
final class LogSegments {
    private static final Logger log = LoggerFactory.getLogger(LogSegments.class);

    private final Path dir;
    private final TopicPartition topicPartition;
    private final LongSupplier clockMs;
    private final SegmentDeleter deleter;
    private final ReentrantLock lock; // the owning Log's lock
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>(); // mutated under lock
    private final LeaderEpochFileCache leaderEpochCache; // shared with the Log; thread safe itself

    private volatile LogConfig config;
    private volatile LogOffsetMetadata logEndOffsetMetadata; // written under lock
    private volatile long logStartOffset; // written under lock
    private volatile long recoveryPoint; // written under lock: offsets below it are on disk
    private volatile boolean closed; // written under lock

    LogSegments(Path dir, TopicPartition topicPartition, LogConfig config, LongSupplier clockMs,
                ScheduledExecutorService scheduler, LogLoader.Loaded loaded, LeaderEpochFileCache leaderEpochCache,
                ReentrantLock lock, java.util.function.BiConsumer<String, IOException> backgroundFailures) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clockMs = clockMs;
        this.deleter = new SegmentDeleter(topicPartition, scheduler, backgroundFailures);
        this.lock = lock;
        this.segments.putAll(loaded.segments());
        this.logStartOffset = loaded.logStartOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.logEndOffsetMetadata = loaded.logEndOffset();
        this.leaderEpochCache = leaderEpochCache;
    }

    // ---- append and roll ----

    /** Writes validated batches covering [firstOffset, lastOffset], rolling first if due; caller holds the lock. */
    void append(MemoryRecords records, long firstOffset, long lastOffset, long now) throws IOException {
        LogSegment segment = activeSegment();
        if (segment.shouldRoll(records.sizeInBytes(), lastOffset, now, config)) {
            segment = roll(Math.max(firstOffset, logEndOffset()));
        }
        segment.append(lastOffset, records, now);
        logEndOffsetMetadata = new LogOffsetMetadata(lastOffset + 1, segment.baseOffset(), segment.size());
        if (logEndOffset() - recoveryPoint >= config.flushMessages()) {
            flush(logEndOffset());
        }
    }

    /** Starts a new active segment at the log end offset (no-op when the active one is empty there). */
    LogSegment roll() throws IOException {
        lock.lock();
        try {
            checkOpen();
            return roll(logEndOffset());
        } finally {
            lock.unlock();
        }
    }

    private LogSegment roll(long newBaseOffset) throws IOException {
        LogSegment active = activeSegment();
        if (active.size() == 0 && active.baseOffset() == newBaseOffset) {
            return active;
        }
        if (segments.containsKey(newBaseOffset)) {
            throw new IllegalStateException("cannot roll " + topicPartition + " to offset " + newBaseOffset
                    + ": a segment with that base offset exists");
        }
        if (active.size() == 0) {
            segments.remove(active.baseOffset());
            deleteSegmentFiles(active);
        } else {
            active.onBecomeInactiveSegment();
        }
        for (Path stale : List.of(LogSegment.logFile(dir, newBaseOffset), LogSegment.offsetIndexFile(dir, newBaseOffset),
                LogSegment.timeIndexFile(dir, newBaseOffset), LogSegment.txnIndexFile(dir, newBaseOffset))) {
            Files.deleteIfExists(stale);
        }
        LogSegment segment = LogSegment.open(dir, newBaseOffset, config, clockMs.getAsLong());
        segments.put(newBaseOffset, segment);
        if (logEndOffset() == newBaseOffset) {
            logEndOffsetMetadata = new LogOffsetMetadata(newBaseOffset, newBaseOffset, 0);
        }
        log.debug("Rolled {} to a new segment at offset {}", topicPartition, newBaseOffset);
        deleter.flushInBackground("after roll", () -> flush(newBaseOffset));
        return segment;
    }

    // ---- truncation ----

    /**
     * Removes every offset at or above {@code targetOffset}, which lies in
     * [first base offset, log end offset): later segments go, the active one is cut at the batch
     * holding the target. Caller holds the lock. Returns the new log end offset.
     */
    long truncateTo(long targetOffset) throws IOException {
        for (LogSegment later : new ArrayList<>(segments.tailMap(targetOffset, false).values())) {
            segments.remove(later.baseOffset());
            deleteSegmentFiles(later);
        }
        LogSegment active = activeSegment();
        FileBatch containing = active.translateOffset(targetOffset);
        long newEnd = containing != null && containing.baseOffset() < targetOffset
                ? containing.baseOffset() : targetOffset;
        active.truncateTo(targetOffset);
        logEndOffsetMetadata = new LogOffsetMetadata(newEnd, active.baseOffset(), active.size());
        recoveryPoint = Math.min(recoveryPoint, newEnd);
        logStartOffset = Math.min(logStartOffset, newEnd);
        leaderEpochCache.truncateFromEnd(newEnd);
        return newEnd;
    }

    /** Deletes every segment and starts an empty one at {@code newOffset} (log start = end = recovery point). Caller holds the lock. */
    void truncateFullyAndStartAt(long newOffset) throws IOException {
        for (LogSegment segment : new ArrayList<>(segments.values())) {
            segments.remove(segment.baseOffset());
            deleteSegmentFiles(segment);
        }
        LogSegment segment = LogSegment.open(dir, newOffset, config, clockMs.getAsLong());
        segments.put(newOffset, segment);
        logEndOffsetMetadata = new LogOffsetMetadata(newOffset, newOffset, 0);
        logStartOffset = newOffset;
        recoveryPoint = newOffset;
        leaderEpochCache.clear();
    }

    // ---- retention and log start offset ----

    /** Retention by log start offset, {@code retention.ms} and {@code retention.bytes}; see {@link Log#deleteOldSegments}. */
    int deleteOldSegments() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            LogConfig current = config;
            int deleted = deleteOldestWhile(s -> nextBaseOffset(s) <= logStartOffset, "log start offset");
            if (current.delete() && current.retentionMs() >= 0) {
                long now = clockMs.getAsLong();
                deleted += deleteOldestWhile(s -> now - s.largestTimestamp() > current.retentionMs(), "retention.ms");
            }
            if (current.delete() && current.retentionBytes() >= 0) {
                long[] excess = {size() - current.retentionBytes()};
                deleted += deleteOldestWhile(s -> {
                    if (excess[0] - s.size() < 0) {
                        return false;
                    }
                    excess[0] -= s.size();
                    return true;
                }, "retention.bytes");
            }
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    private interface SegmentPredicate {
        boolean test(LogSegment segment) throws IOException;
    }

    private long nextBaseOffset(LogSegment segment) {
        Long next = segments.higherKey(segment.baseOffset());
        return next == null ? Long.MAX_VALUE : next;
    }

    private int deleteOldestWhile(SegmentPredicate predicate, String reason) throws IOException {
        List<LogSegment> doomed = new ArrayList<>();
        LogSegment active = activeSegment();
        for (LogSegment segment : segments.values()) {
            if (segment == active || !predicate.test(segment)) {
                break;
            }
            doomed.add(segment);
        }
        if (doomed.isEmpty()) {
            return 0;
        }
        for (LogSegment segment : doomed) {
            segments.remove(segment.baseOffset());
            deleteSegmentFiles(segment);
        }
        long newStart = Math.max(logStartOffset, segments.firstKey());
        if (newStart > logStartOffset) {
            logStartOffset = newStart;
            leaderEpochCache.truncateFromStart(newStart);
        }
        log.info("Deleted {} segment(s) of {} by {}; log start offset now {}", doomed.size(), topicPartition, reason,
                logStartOffset);
        return doomed.size();
    }

    /**
     * Raises the log start offset to {@code newLogStartOffset}, at most the log end offset; the
     * caller then calls {@link #deleteBelowLogStartOffset}. Caller holds the lock. Returns false if
     * it was already at or above the offset.
     */
    boolean raiseLogStartOffset(long newLogStartOffset) {
        if (newLogStartOffset > logEndOffset()) {
            throw new OffsetOutOfRangeException(topicPartition, newLogStartOffset, logStartOffset, logEndOffset());
        }
        if (newLogStartOffset <= logStartOffset) {
            return false;
        }
        logStartOffset = newLogStartOffset;
        return true;
    }

    /** Drops the leader epochs and deletes the segments wholly below the log start offset. Caller holds the lock. */
    void deleteBelowLogStartOffset() throws IOException {
        long start = logStartOffset;
        leaderEpochCache.truncateFromStart(start);
        deleteOldestWhile(s -> nextBaseOffset(s) <= start, "log start offset");
    }

    /** See {@link Log#replaceSegments}. */
    boolean replaceSegments(List<LogSegment> replaced, Path cleanedLog, Predicate<AbortedTxn> keepTxn) throws IOException {
        if (replaced.isEmpty()) {
            throw new IllegalArgumentException("no segments to replace in " + topicPartition);
        }
        long base = replaced.get(0).baseOffset();
        Path swap = LogSegment.logFile(dir, base).resolveSibling(LogSegment.filenamePrefix(base)
                + LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX);
        lock.lock();
        try {
            boolean current = !closed;
            for (LogSegment s : replaced) {
                current &= segments.get(s.baseOffset()) == s && s != activeSegment();
            }
            if (!current) {
                Files.deleteIfExists(cleanedLog);
                return false;
            }
            Path txnSwap = LogLoader.txnIndexSwapFile(dir, base);
            writeMergedTxnIndex(replaced, txnSwap, keepTxn);
            Files.move(cleanedLog, swap, StandardCopyOption.ATOMIC_MOVE);
            for (LogSegment s : replaced) {
                // An earlier replacement of this base offset may still wait for its delayed delete.
                for (Path f : List.of(LogSegment.logFile(dir, s.baseOffset()),
                        LogSegment.offsetIndexFile(dir, s.baseOffset()), LogSegment.timeIndexFile(dir, s.baseOffset()),
                        LogSegment.txnIndexFile(dir, s.baseOffset()))) {
                    Files.deleteIfExists(Path.of(f + LogSegment.DELETED_SUFFIX));
                }
                s.changeFileSuffixes(LogSegment.DELETED_SUFFIX);
            }
            Files.move(swap, LogSegment.logFile(dir, base), StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(LogSegment.offsetIndexFile(dir, base));
            Files.deleteIfExists(LogSegment.timeIndexFile(dir, base));
            if (Files.exists(txnSwap)) {
                Files.move(txnSwap, LogSegment.txnIndexFile(dir, base), StandardCopyOption.ATOMIC_MOVE);
            }
            LogSegment cleaned = LogSegment.open(dir, base, config, clockMs.getAsLong());
            cleaned.recover();
            cleaned.onBecomeInactiveSegment();
            cleaned.flush();
            segments.put(base, cleaned);
            for (LogSegment s : replaced) {
                if (s.baseOffset() != base) {
                    segments.remove(s.baseOffset());
                }
                deleter.deleteRenamed(s, config.fileDeleteDelayMs());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the aborted transactions of {@code replaced} (in marker order) to {@code target}, flushed,
     * for the segment that replaces them; writes nothing when they have none.
     */
    private static void writeMergedTxnIndex(List<LogSegment> replaced, Path target, Predicate<AbortedTxn> keepTxn)
            throws IOException {
        Files.deleteIfExists(target);
        TransactionIndex merged = new TransactionIndex(replaced.get(0).baseOffset(), target);
        try {
            for (LogSegment s : replaced) {
                for (AbortedTxn txn : s.txnIndex().allAbortedTxns()) {
                    if (keepTxn.test(txn)) {
                        merged.append(txn);
                    }
                }
            }
            merged.flush();
        } finally {
            merged.close();
        }
    }

    private void deleteSegmentFiles(LogSegment segment) throws IOException {
        deleter.delete(segment, config.fileDeleteDelayMs());
    }

    // ---- durability ----

    /** Forces every segment holding offsets below {@code offset} to disk and moves the recovery point there. */
    void flush(long offset) throws IOException {
        long from = recoveryPoint;
        long upTo = Math.min(offset, logEndOffset());
        if (upTo <= from) {
            return;
        }
        Long firstKey = segments.floorKey(from);
        for (LogSegment segment : segments.subMap(firstKey == null ? Long.MIN_VALUE : firstKey, true, upTo, false)
                .values()) {
            segment.flush();
        }
        lock.lock();
        try {
            if (upTo > recoveryPoint) {
                recoveryPoint = upTo;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Flushes everything and closes the segments (trimming their indexes). */
    void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            flush(logEndOffset());
            closed = true;
            EveryStep.forEach(segments.values(), LogSegment::close);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the segments and deletes the log directory with everything in it. */
    void delete() throws IOException {
        lock.lock();
        try {
            List<LogSegment> open = closed ? List.of() : new ArrayList<>(segments.values());
            closed = true;
            segments.clear();
            // a segment that fails to close must not keep the directory, or the other segments, alive
            EveryStep.run(() -> EveryStep.forEach(open, LogSegment::close), this::deleteDirectory);
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the log directory and everything in it, each file on its own (see {@link EveryStep}). */
    private void deleteDirectory() throws IOException {
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(dir)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        EveryStep.forEach(deepestFirst, Files::deleteIfExists);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log " + topicPartition + " in " + dir + " is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    // ---- state ----

    void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    LogConfig config() {
        return config;
    }

    long logStartOffset() {
        return logStartOffset;
    }

    long logEndOffset() {
        return logEndOffsetMetadata.messageOffset();
    }

    LogOffsetMetadata logEndOffsetMetadata() {
        return logEndOffsetMetadata;
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    // ---- segment lookups (lock free) ----

    /** The segment with the greatest base offset at or below {@code offset}, or null. */
    Map.Entry<Long, LogSegment> floorEntry(long offset) {
        return segments.floorEntry(offset);
    }

    /** The segment after the one with base offset {@code baseOffset}, or null. */
    Map.Entry<Long, LogSegment> higherEntry(long baseOffset) {
        return segments.higherEntry(baseOffset);
    }

    /** The segment at base offset {@code baseOffset} now, or null. */
    LogSegment segmentAt(long baseOffset) {
        return segments.get(baseOffset);
    }

    /** The greatest base offset at or below {@code offset}, or null. */
    Long floorBaseOffset(long offset) {
        return segments.floorKey(offset);
    }

    long firstBaseOffset() {
        return segments.firstKey();
    }

    LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    /** The segments in offset order (a snapshot). */
    List<LogSegment> segments() {
        return List.copyOf(segments.values());
    }

    int numberOfSegments() {
        return segments.size();
    }

    /** Bytes of all segments. */
    long size() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }
}
