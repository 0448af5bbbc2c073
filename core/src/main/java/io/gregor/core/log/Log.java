package io.gregor.core.log;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.TimestampType;
import io.gregor.core.checkpoint.LeaderEpochCheckpointFile;
import io.gregor.core.epoch.EpochEndOffset;
import io.gregor.core.epoch.EpochEntry;
import io.gregor.core.epoch.LeaderEpochFileCache;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.index.TxnIndexSearchResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The log of one partition: an ordered set of {@link LogSegment}s in {@code <log.dir>/<topic>-<partition>/},
 * the last one active. Offsets are contiguous for leader appends and increasing for follower appends.
 * This class is the public face of the log and its append and read path: batch validation, offset
 * assignment, leader epochs, the high watermark, reads. The segment set and its lifecycle (roll,
 * retention, truncation, flush, close and delete, with the log start offset, log end offset and
 * recovery point they move) are in {@link LogSegments}, which it owns.
 *
 * <p>Thread safety: one per-partition {@code lock}, created here and shared with {@link LogSegments},
 * is held by every mutation (append, roll, truncate, retention, close) and by every write of the
 * {@code highWatermark} kept here. Reads take no lock: they see the segments through a concurrent
 * map and the log end offset through a volatile {@link LogOffsetMetadata} that is published only
 * after the bytes and index entries it covers are written; see {@link LogSegments} for which of its
 * operations take the lock and which expect it held.
 */
public final class Log implements Closeable {
    private final Path dir;
    private final TopicPartition topicPartition;
    private final LongSupplier clockMs;
    private final ReentrantLock lock = new ReentrantLock(); // shared with segments
    private final LogSegments segments;
    private final LeaderEpochFileCache leaderEpochCache;
    private final LoadResult loadResult;

    private volatile long highWatermark; // written under lock
    private volatile LongSupplier lastStableOffset = () -> Long.MAX_VALUE; // set once by the replica that owns the log
    private volatile LogDirFailureChannel failureChannel; // where I/O errors go; null until the log manager sets it

    private Log(Path dir, TopicPartition topicPartition, LogConfig config, LongSupplier clockMs,
                ScheduledExecutorService scheduler, LogLoader.Loaded loaded, LeaderEpochFileCache epochs) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.clockMs = clockMs;
        this.segments = new LogSegments(dir, topicPartition, config, clockMs, scheduler, loaded, epochs, lock,
                this::reportIfIoFailure);
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
     * @param scheduler runs delayed file deletion, post-roll flushes and the writes of truncated leader
     *                  epochs; null runs them inline
     */
    public static Log open(Path dir, LogConfig config, long logStartOffset, long recoveryPoint,
                           boolean hadCleanShutdown, LongSupplier clockMs, ScheduledExecutorService scheduler)
            throws IOException {
        TopicPartition tp = TopicPartition.fromDirName(dir.getFileName().toString());
        LogLoader.Loaded loaded = LogLoader.load(dir, tp, config, logStartOffset, recoveryPoint, hadCleanShutdown,
                clockMs.getAsLong());
        // truncations of the epochs (this load's among them) are written on the scheduler, as in Kafka
        LeaderEpochFileCache epochs = new LeaderEpochFileCache(
                new LeaderEpochCheckpointFile(dir.resolve(LeaderEpochCheckpointFile.FILE_NAME)), scheduler);
        // as Kafka's recovery: an epoch of the recovered batches the file lacks (a crash of the
        // machine before it was synced) starts at its first batch
        for (EpochEntry start : loaded.recoveredEpochs()) {
            if (epochs.latestEpoch().map(latest -> start.epoch() > latest).orElse(true)) {
                epochs.assign(start.epoch(), start.startOffset());
            }
        }
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
            segments.checkOpen();
            LogConfig current = segments.config();
            LogValidator.validateBatches(records, current, topicPartition);
            long now = clockMs.getAsLong();
            long appendTime = current.messageTimestampType() == TimestampType.LOG_APPEND_TIME
                    ? now : RecordBatch.NO_TIMESTAMP;
            LogValidator.Validated v = LogValidator.assignOffsets(records, logEndOffset(), leaderEpoch, appendTime);
            if (v.numBatches() > 0) {
                segments.append(records, v.firstOffset(), v.lastOffset(), now);
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
            segments.checkOpen();
            LogValidator.validateBatches(records, segments.config(), topicPartition);
            LogValidator.Validated v = LogValidator.checkFollowerOffsets(records, logEndOffset(), topicPartition);
            if (v.numBatches() > 0) {
                segments.append(records, v.firstOffset(), v.lastOffset(), clockMs.getAsLong());
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
                logAppendTime, v.numBatches(), v.numBatches() == 0 ? 0 : records.sizeInBytes(), logStartOffset());
    }

    /** Starts a new active segment at the log end offset (no-op when the active one is empty there). */
    public LogSegment roll() throws IOException {
        return segments.roll();
    }

    // ---- reads ----

    /**
     * Reads from {@code startOffset} at most {@code maxBytes} (the whole first batch regardless with
     * {@code minOneMessage}), never returning batches that hold offsets at or above {@code maxOffset}
     * (e.g. the high watermark; {@code Long.MAX_VALUE} for none). Reading at the log end offset
     * returns nothing; outside [log start offset, log end offset] raises {@link OffsetOutOfRangeException}.
     */
    public FetchDataInfo read(long startOffset, int maxBytes, long maxOffset, boolean minOneMessage) {
        LogOffsetMetadata end = segments.logEndOffsetMetadata();
        long start = segments.logStartOffset();
        if (startOffset == end.messageOffset()) {
            return new FetchDataInfo(end, MemoryRecords.EMPTY);
        }
        if (startOffset < start || startOffset > end.messageOffset()) {
            throw new OffsetOutOfRangeException(topicPartition, startOffset, start, end.messageOffset());
        }
        long upper = Math.min(maxOffset, end.messageOffset());
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        if (entry == null) {
            throw new OffsetOutOfRangeException(topicPartition, startOffset, segments.logStartOffset(),
                    end.messageOffset());
        }
        while (entry != null) {
            LogSegment segment = entry.getValue();
            FetchDataInfo info = segment.read(startOffset, maxBytes, maxPosition(segment, upper, end), minOneMessage);
            if (info != null) {
                return info;
            }
            Map.Entry<Long, LogSegment> next = segments.higherEntry(entry.getKey());
            if (segments.segmentAt(entry.getKey()) != segment) {
                // The cleaner swapped this segment while we read it: the batches at or above
                // startOffset may now sit in a merged segment at or below it, which the next
                // higher entry would skip. Look again from the start offset.
                next = segments.floorEntry(startOffset);
            }
            entry = next;
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
        Long upperSegment = segments.floorBaseOffset(upper);
        if (upperSegment == null || upperSegment > segment.baseOffset()) {
            return limit;
        }
        if (upperSegment < segment.baseOffset()) {
            return 0;
        }
        FileBatch batch = segment.translateOffset(upper);
        return batch == null ? limit : Math.min(limit, batch.position());
    }

    /**
     * The aborted transactions that overlap [{@code startOffset}, {@code upperBoundOffset}), from the
     * {@code .txnindex} of the segment holding {@code startOffset} and of later segments, until one
     * says no later marker can touch the range. Lock-free, like {@link #read}.
     */
    public List<AbortedTxn> collectAbortedTransactions(long startOffset, long upperBoundOffset) {
        List<AbortedTxn> found = new ArrayList<>();
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        if (entry == null) {
            entry = segments.higherEntry(startOffset);
        }
        while (entry != null) {
            TxnIndexSearchResult result = entry.getValue().collectAbortedTxns(startOffset, upperBoundOffset);
            found.addAll(result.abortedTransactions());
            if (result.complete()) {
                break;
            }
            entry = segments.higherEntry(entry.getKey());
        }
        return found;
    }

    /**
     * Records an aborted transaction in the {@code .txnindex} of the segment holding its ABORT
     * marker ({@code txn.lastOffset()}), which must be in this log. A transaction already recorded
     * there (a recovery that reads the marker again) is not added twice. Caller: the partition's appender.
     */
    public void recordAbortedTxn(AbortedTxn txn) throws IOException {
        lock.lock();
        try {
            segments.checkOpen();
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(txn.lastOffset());
            if (entry == null) {
                throw new IllegalArgumentException("no segment of " + topicPartition + " holds offset " + txn.lastOffset());
            }
            LogSegment segment = entry.getValue();
            if (txn.lastOffset() > segment.txnIndex().lastMarkerOffset()) {
                segment.updateTxnIndex(txn);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Where {@code offset} is in the log, as a read there reports it (e.g. for the high watermark). */
    public LogOffsetMetadata convertToOffsetMetadata(long offset) {
        return read(offset, 1, Long.MAX_VALUE, false).fetchOffsetMetadata();
    }

    // ---- truncation, retention, log start offset (in LogSegments; the high watermark follows here) ----

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
            segments.checkOpen();
            if (targetOffset >= logEndOffset()) {
                return false;
            }
            if (segments.firstBaseOffset() > targetOffset) {
                truncateFullyAndStartAt(targetOffset);
                return true;
            }
            long newEnd = segments.truncateTo(targetOffset);
            highWatermark = Math.min(highWatermark, newEnd);
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
            segments.checkOpen();
            segments.truncateFullyAndStartAt(newOffset);
            highWatermark = newOffset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes old non-active segments: those wholly below the log start offset and, when
     * {@code cleanup.policy} contains {@code delete}, those whose largest timestamp is older than
     * {@code retention.ms}, and the oldest ones while the log is larger than {@code retention.bytes}.
     * The active segment is never deleted. Returns the number of segments deleted.
     */
    public int deleteOldSegments() throws IOException {
        return segments.deleteOldSegments();
    }

    /**
     * Raises the log start offset (DeleteRecords): offsets below it are no longer readable and the
     * segments wholly below it are deleted. Returns false if it was already at or above the offset.
     */
    public boolean maybeIncrementLogStartOffset(long newLogStartOffset) throws IOException {
        lock.lock();
        try {
            segments.checkOpen();
            if (!segments.raiseLogStartOffset(newLogStartOffset)) {
                return false;
            }
            highWatermark = Math.max(highWatermark, newLogStartOffset);
            segments.deleteBelowLogStartOffset();
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
        return segments.replaceSegments(replaced, cleanedLog, txn -> true);
    }

    /**
     * As {@link #replaceSegments(List, Path)}; the new segment's {@code .txnindex} holds the aborted
     * transactions of {@code replaced} that {@code keepTxn} accepts (the cleaner drops those whose
     * marker it removed).
     */
    public boolean replaceSegments(List<LogSegment> replaced, Path cleanedLog,
                                   java.util.function.Predicate<AbortedTxn> keepTxn) throws IOException {
        return segments.replaceSegments(replaced, cleanedLog, keepTxn);
    }

    // ---- durability ----

    /** Forces every segment holding offsets below {@code offset} to disk and moves the recovery point there. */
    public void flush(long offset) throws IOException {
        try {
            leaderEpochCache.syncPending(); // the epochs of the records on disk first
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        segments.flush(offset);
    }

    /** Flushes up to the log end offset. */
    public void flush() throws IOException {
        flush(logEndOffset());
    }

    /** Flushes everything and closes the segments (trimming their indexes). */
    @Override
    public void close() throws IOException {
        leaderEpochCache.syncAndClose();
        segments.close();
    }

    /** Closes the log and deletes its directory with everything in it. */
    public void delete() throws IOException {
        leaderEpochCache.close();
        segments.delete();
    }

    // ---- I/O failures ----

    /** Where this log reports I/O errors of its directory (Kafka's LogDirFailureChannel); set by the log manager. */
    public void reportIoFailuresTo(LogDirFailureChannel channel) {
        this.failureChannel = channel;
    }

    /**
     * Reports this log's directory as failed when {@code failure} was caused by an I/O error while
     * the log is open, as Kafka's maybeHandleIOException does; a closed log (shut down, deleted,
     * moved away) or a closed channel is not a failing disk and is ignored. Returns true if reported.
     */
    public boolean reportIfIoFailure(String what, Throwable failure) {
        LogDirFailureChannel channel = failureChannel;
        if (channel == null || isClosed()) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return false;
            }
            if (t instanceof IOException io) {
                channel.maybeAddOfflineLogDir(dir.getParent(), what + " of " + topicPartition + " failed", io);
                return true;
            }
        }
        return false;
    }

    // ---- state ----

    /** Sets the high watermark, kept within [log start offset, log end offset]. */
    public void updateHighWatermark(long offset) {
        lock.lock();
        try {
            highWatermark = Math.max(logStartOffset(), Math.min(offset, logEndOffset()));
        } finally {
            lock.unlock();
        }
    }

    public void updateConfig(LogConfig newConfig) {
        segments.updateConfig(newConfig);
    }

    public LogConfig config() {
        return segments.config();
    }

    public Path dir() {
        return dir;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public long logStartOffset() {
        return segments.logStartOffset();
    }

    public long logEndOffset() {
        return segments.logEndOffset();
    }

    public LogOffsetMetadata logEndOffsetMetadata() {
        return segments.logEndOffsetMetadata();
    }

    public long recoveryPoint() {
        return segments.recoveryPoint();
    }

    public long highWatermark() {
        return highWatermark;
    }

    /**
     * The last stable offset as the replica holding this log knows it (open transactions are above
     * it; the cleaner does not compact past it); {@code Long.MAX_VALUE} until a replica says.
     */
    public long lastStableOffset() {
        return lastStableOffset.getAsLong();
    }

    /** Where {@link #lastStableOffset()} comes from (the replica's producer state). */
    public void lastStableOffsetFrom(LongSupplier source) {
        this.lastStableOffset = source;
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
        return segments.activeSegment();
    }

    /** The segments in offset order (a snapshot). */
    public List<LogSegment> segments() {
        return segments.segments();
    }

    public int numberOfSegments() {
        return segments.numberOfSegments();
    }

    /** Bytes of all segments. */
    public long size() {
        return segments.size();
    }

    public boolean isClosed() {
        return segments.isClosed();
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition + ", start=" + logStartOffset() + ", end=" + logEndOffset() + ", segments="
                + numberOfSegments() + ")";
    }
}
