package io.gregor.core.log;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.checkpoint.LeaderEpochCheckpointFile;
import io.gregor.core.epoch.EpochEndOffset;
import io.gregor.core.epoch.LeaderEpochFileCache;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: an ordered set of {@link LogSegment}s in {@code <log.dir>/<topic>-<partition>/},
 * the last one active. Offsets are contiguous for leader appends and increasing for follower appends.
 *
 * <p>Thread safety: every mutation (append, roll, truncate, retention, close) holds the per-partition
 * {@code lock}. Reads take no lock: they see the segments through a concurrent map and the log end
 * offset through a volatile {@link LogOffsetMetadata} that is published only after the bytes and
 * index entries it covers are written. Retention renames removed segments to {@code .deleted} and
 * closes them after {@code file.delete.delay.ms} when a scheduler is given, so reads in flight finish.
 */
public final class Log implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Log.class);

    private final Path dir;
    private final TopicPartition topicPartition;
    private final LongSupplier clockMs;
    private final SegmentDeleter deleter;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final LeaderEpochFileCache leaderEpochCache;
    private final LoadResult loadResult;

    private volatile LogConfig config;
    private volatile LogOffsetMetadata logEndOffsetMetadata; // written under lock
    private volatile long logStartOffset; // written under lock
    private volatile long recoveryPoint; // written under lock: offsets below it are on disk
    private volatile long highWatermark; // written under lock
    private volatile boolean closed;

    private Log(Path dir, TopicPartition topicPartition, LogConfig config, LongSupplier clockMs,
                ScheduledExecutorService scheduler, LogLoader.Loaded loaded, LeaderEpochFileCache epochs) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clockMs = clockMs;
        this.deleter = new SegmentDeleter(topicPartition, scheduler);
        this.segments.putAll(loaded.segments());
        this.logStartOffset = loaded.logStartOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.logEndOffsetMetadata = loaded.logEndOffset();
        this.highWatermark = loaded.logStartOffset();
        this.loadResult = loaded.result();
        this.leaderEpochCache = epochs;
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, which must be named {@code <topic>-<partition>}.
     * Without {@code hadCleanShutdown}, every segment from the one holding {@code recoveryPoint} on is
     * re-validated; see {@link LogLoader}.
     *
     * @param clockMs   wall-clock milliseconds (segment.ms, retention.ms, LogAppendTime)
     * @param scheduler runs delayed file deletion and post-roll flushes; null runs them inline
     */
    public static Log open(Path dir, LogConfig config, long logStartOffset, long recoveryPoint,
                           boolean hadCleanShutdown, LongSupplier clockMs, ScheduledExecutorService scheduler)
            throws IOException {
        TopicPartition tp = TopicPartition.fromDirName(dir.getFileName().toString());
        LogLoader.Loaded loaded = LogLoader.load(dir, tp, config, logStartOffset, recoveryPoint, hadCleanShutdown,
                clockMs.getAsLong());
        LeaderEpochFileCache epochs = new LeaderEpochFileCache(
                new LeaderEpochCheckpointFile(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME)));
        epochs.truncateFromEnd(loaded.logEndOffset().messageOffset());
        epochs.truncateFromStart(loaded.logStartOffset());
        return new Log(dir, tp, config, clockMs, scheduler, loaded, epochs);
    }

    /** A fresh or cleanly closed log with the system clock and inline deletes (tests, tools). */
    public static Log open(Path dir, LogConfig config) throws IOException {
        return open(dir, config, 0L, 0L, true, System::currentTimeMillis, null);
    }

    // ---- appends ----

    /**
     * Appends producer batches as the leader: validates each (size, magic, CRC, counts), then
     * rewrites their base offsets from the log end offset on, sets {@code leaderEpoch}, and for a
     * LogAppendTime topic the max timestamp. The batches' buffer is modified in place.
     */
    public LogAppendInfo appendAsLeader(MemoryRecords records, int leaderEpoch) throws IOException {
        lock.lock();
        try {
            checkOpen();
            LogConfig current = config;
            LogValidator.validateBatches(records, current, topicPartition);
            long now = clockMs.getAsLong();
            long appendTime = current.messageTimestampType() == TimestampType.LOG_APPEND_TIME
                    ? now : RecordBatch.NO_TIMESTAMP;
            LogValidator.Validated v = LogValidator.assignOffsets(records, logEndOffset(), leaderEpoch, appendTime);
            if (v.numBatches() > 0) {
                append(records, v.firstOffset(), v.lastOffset(), now);
                if (leaderEpoch >= 0) {
                    leaderEpochCache.assign(leaderEpoch, v.firstOffset());
                }
            }
            return appendInfo(v, appendTime, records);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends batches fetched from the leader, keeping their offsets and leader epochs. The first
     * batch must start at or after the log end offset and offsets must increase from batch to batch,
     * else {@link InvalidAppendOffsetException}.
     */
    public LogAppendInfo appendAsFollower(MemoryRecords records) throws IOException {
        lock.lock();
        try {
            checkOpen();
            LogValidator.validateBatches(records, config, topicPartition);
            LogValidator.Validated v = LogValidator.checkFollowerOffsets(records, logEndOffset(), topicPartition);
            if (v.numBatches() > 0) {
                append(records, v.firstOffset(), v.lastOffset(), clockMs.getAsLong());
                for (RecordBatch batch : records.batches()) {
                    leaderEpochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
                }
            }
            return appendInfo(v, RecordBatch.NO_TIMESTAMP, records);
        } finally {
            lock.unlock();
        }
    }

    private LogAppendInfo appendInfo(LogValidator.Validated v, long logAppendTime, MemoryRecords records) {
        return new LogAppendInfo(v.firstOffset(), v.lastOffset(), v.maxTimestamp(), v.offsetOfMaxTimestamp(),
                logAppendTime, v.numBatches(), v.numBatches() == 0 ? 0 : records.sizeInBytes(), logStartOffset);
    }

    /** Writes validated batches covering [firstOffset, lastOffset]; caller holds the lock. */
    private void append(MemoryRecords records, long firstOffset, long lastOffset, long now) throws IOException {
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

    // ---- roll ----

    /** Starts a new active segment at the log end offset (no-op when the active one is empty there). */
    public LogSegment roll() throws IOException {
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
                LogSegment.timeIndexFile(dir, newBaseOffset))) {
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

    // ---- reads ----

    /**
     * Reads from {@code startOffset} at most {@code maxBytes} (the whole first batch regardless with
     * {@code minOneMessage}), never returning batches that hold offsets at or above {@code maxOffset}
     * (e.g. the high watermark; {@code Long.MAX_VALUE} for none). Reading at the log end offset
     * returns nothing; outside [log start offset, log end offset] raises {@link OffsetOutOfRangeException}.
     */
    public FetchDataInfo read(long startOffset, int maxBytes, long maxOffset, boolean minOneMessage) {
        LogOffsetMetadata end = logEndOffsetMetadata;
        long start = logStartOffset;
        if (startOffset == end.messageOffset()) {
            return new FetchDataInfo(end, MemoryRecords.EMPTY);
        }
        if (startOffset < start || startOffset > end.messageOffset()) {
            throw new OffsetOutOfRangeException(topicPartition, startOffset, start, end.messageOffset());
        }
        long upper = Math.min(maxOffset, end.messageOffset());
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        if (entry == null) {
            throw new OffsetOutOfRangeException(topicPartition, startOffset, logStartOffset, end.messageOffset());
        }
        while (entry != null) {
            LogSegment segment = entry.getValue();
            FetchDataInfo info = segment.read(startOffset, maxBytes, maxPosition(segment, upper, end), minOneMessage);
            if (info != null) {
                return info;
            }
            entry = segments.higherEntry(entry.getKey());
        }
        return new FetchDataInfo(LogOffsetMetadata.offsetOnly(startOffset), MemoryRecords.EMPTY);
    }

    /** The byte position in {@code segment} before the first batch holding an offset at or above {@code upper}. */
    private long maxPosition(LogSegment segment, long upper, LogOffsetMetadata end) {
        boolean endSegment = segment.baseOffset() == end.segmentBaseOffset();
        if (segment.baseOffset() > end.segmentBaseOffset()) {
            return 0;
        }
        int limit = endSegment ? end.relativePositionInSegment() : segment.size();
        if (upper >= end.messageOffset()) {
            return limit;
        }
        Long upperSegment = segments.floorKey(upper);
        if (upperSegment == null || upperSegment > segment.baseOffset()) {
            return limit;
        }
        if (upperSegment < segment.baseOffset()) {
            return 0;
        }
        FileBatch batch = segment.translateOffset(upper);
        return batch == null ? limit : Math.min(limit, batch.position());
    }

    /** Where {@code offset} is in the log, as a read there reports it (e.g. for the high watermark). */
    public LogOffsetMetadata convertToOffsetMetadata(long offset) {
        return read(offset, 1, Long.MAX_VALUE, false).fetchOffsetMetadata();
    }

    // ---- truncation ----

    /**
     * Removes every offset at or above {@code targetOffset} (a follower aligning with its leader):
     * later segments go, the containing one is cut at the batch holding the target. Returns false if
     * the log end offset was already at or below it.
     */
    public boolean truncateTo(long targetOffset) throws IOException {
        if (targetOffset < 0) {
            throw new IllegalArgumentException("cannot truncate " + topicPartition + " to negative offset " + targetOffset);
        }
        lock.lock();
        try {
            checkOpen();
            if (targetOffset >= logEndOffset()) {
                return false;
            }
            if (segments.firstKey() > targetOffset) {
                truncateFullyAndStartAt(targetOffset);
                return true;
            }
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
            highWatermark = Math.min(highWatermark, newEnd);
            logStartOffset = Math.min(logStartOffset, newEnd);
            leaderEpochCache.truncateFromEnd(newEnd);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every segment and starts an empty log at {@code newOffset} (log start = end = {@code newOffset}). */
    public void truncateFullyAndStartAt(long newOffset) throws IOException {
        if (newOffset < 0) {
            throw new IllegalArgumentException("cannot start " + topicPartition + " at negative offset " + newOffset);
        }
        lock.lock();
        try {
            checkOpen();
            for (LogSegment segment : new ArrayList<>(segments.values())) {
                segments.remove(segment.baseOffset());
                deleteSegmentFiles(segment);
            }
            LogSegment segment = LogSegment.open(dir, newOffset, config, clockMs.getAsLong());
            segments.put(newOffset, segment);
            logEndOffsetMetadata = new LogOffsetMetadata(newOffset, newOffset, 0);
            logStartOffset = newOffset;
            recoveryPoint = newOffset;
            highWatermark = newOffset;
            leaderEpochCache.clear();
        } finally {
            lock.unlock();
        }
    }

    // ---- retention and log start offset ----

    /**
     * Deletes old non-active segments: those wholly below the log start offset and, when
     * {@code cleanup.policy} contains {@code delete}, those whose largest timestamp is older than
     * {@code retention.ms}, and the oldest ones while the log is larger than {@code retention.bytes}.
     * The active segment is never deleted. Returns the number of segments deleted.
     */
    public int deleteOldSegments() throws IOException {
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
     * Raises the log start offset (DeleteRecords): offsets below it are no longer readable and the
     * segments wholly below it are deleted. Returns false if it was already at or above the offset.
     */
    public boolean maybeIncrementLogStartOffset(long newLogStartOffset) throws IOException {
        lock.lock();
        try {
            checkOpen();
            if (newLogStartOffset > logEndOffset()) {
                throw new OffsetOutOfRangeException(topicPartition, newLogStartOffset, logStartOffset, logEndOffset());
            }
            if (newLogStartOffset <= logStartOffset) {
                return false;
            }
            logStartOffset = newLogStartOffset;
            highWatermark = Math.max(highWatermark, newLogStartOffset);
            leaderEpochCache.truncateFromStart(newLogStartOffset);
            deleteOldestWhile(s -> nextBaseOffset(s) <= newLogStartOffset, "log start offset");
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces the consecutive non-active segments {@code replaced} with the cleaned log file
     * {@code cleanedLog} (named {@code <first base offset>.log.cleaned}, holding a subset of their
     * batches at their original offsets). Steps, crash-safe with {@link LogLoader}: the file is
     * renamed to {@code .swap}; the old segments are renamed to {@code .deleted} (still readable by
     * reads in flight); the swap file becomes the {@code .log} of the new segment, whose indexes are
     * rebuilt; the segment map is switched so a concurrent read always finds its offsets. Returns
     * false (and deletes the cleaned file) when the log changed meanwhile (truncation, retention,
     * close) so that some {@code replaced} segment is no longer a non-active segment of this log.
     */
    public boolean replaceSegments(List<LogSegment> replaced, Path cleanedLog) throws IOException {
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
            Files.move(cleanedLog, swap, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            for (LogSegment s : replaced) {
                // An earlier replacement of this base offset may still wait for its delayed delete.
                for (Path f : List.of(LogSegment.logFile(dir, s.baseOffset()),
                        LogSegment.offsetIndexFile(dir, s.baseOffset()), LogSegment.timeIndexFile(dir, s.baseOffset()))) {
                    Files.deleteIfExists(Path.of(f + LogSegment.DELETED_SUFFIX));
                }
                s.changeFileSuffixes(LogSegment.DELETED_SUFFIX);
            }
            Files.move(swap, LogSegment.logFile(dir, base), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(LogSegment.offsetIndexFile(dir, base));
            Files.deleteIfExists(LogSegment.timeIndexFile(dir, base));
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

    private void deleteSegmentFiles(LogSegment segment) throws IOException {
        deleter.delete(segment, config.fileDeleteDelayMs());
    }

    // ---- durability ----

    /** Forces every segment holding offsets below {@code offset} to disk and moves the recovery point there. */
    public void flush(long offset) throws IOException {
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

    /** Flushes up to the log end offset. */
    public void flush() throws IOException {
        flush(logEndOffset());
    }

    /** Flushes everything and closes the segments (trimming their indexes). */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            flush();
            closed = true;
            for (LogSegment segment : segments.values()) {
                segment.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the log and deletes its directory with everything in it. */
    public void delete() throws IOException {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                for (LogSegment segment : segments.values()) {
                    segment.close();
                }
            }
            segments.clear();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log " + topicPartition + " in " + dir + " is closed");
        }
    }

    // ---- state ----

    /** Sets the high watermark, kept within [log start offset, log end offset]. */
    public void updateHighWatermark(long offset) {
        lock.lock();
        try {
            highWatermark = Math.max(logStartOffset, Math.min(offset, logEndOffset()));
        } finally {
            lock.unlock();
        }
    }

    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    public LogConfig config() {
        return config;
    }

    public Path dir() {
        return dir;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffsetMetadata.messageOffset();
    }

    public LogOffsetMetadata logEndOffsetMetadata() {
        return logEndOffsetMetadata;
    }

    public long recoveryPoint() {
        return recoveryPoint;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** Where {@code leaderEpoch} ended in this log, as OffsetForLeaderEpoch answers (see {@link LeaderEpochFileCache#endOffsetFor}). */
    public EpochEndOffset endOffsetForEpoch(int leaderEpoch) {
        return leaderEpochCache.endOffsetFor(leaderEpoch, logEndOffset());
    }

    public LeaderEpochFileCache leaderEpochCache() {
        return leaderEpochCache;
    }

    public LoadResult loadResult() {
        return loadResult;
    }

    public LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    /** The segments in offset order (a snapshot). */
    public List<LogSegment> segments() {
        return List.copyOf(segments.values());
    }

    public int numberOfSegments() {
        return segments.size();
    }

    /** Bytes of all segments. */
    public long size() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition + ", start=" + logStartOffset + ", end=" + logEndOffset() + ", segments="
                + segments.size() + ")";
    }
}
