package io.gregor.core.log;

import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.epoch.EpochEntry;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.index.CorruptIndexException;
import io.gregor.core.index.LazyIndex;
import io.gregor.core.index.OffsetIndex;
import io.gregor.core.index.OffsetPosition;
import io.gregor.core.index.TimeIndex;
import io.gregor.core.index.TimestampOffset;
import io.gregor.core.index.TransactionIndex;
import io.gregor.core.index.TxnIndexSearchResult;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of a partition's log: the {@code .log} file of batches whose offsets start at the
 * segment's base offset, with its sparse {@code .index} and {@code .timeindex}. Files are named by
 * the base offset, 20 digits zero padded. A segment that holds ABORT markers also has a
 * {@code .txnindex} ({@link TransactionIndex}), created by the first aborted transaction.
 *
 * <p>The offset and time indexes are {@link LazyIndex}es: opened and mapped only when first used (a
 * lookup with entries to look at, an append of an entry, a sanity check, truncation of entries), so
 * a segment that is never appended to or read maps nothing. The largest timestamp of a segment
 * loaded from disk is likewise read from its time index when first asked for.
 *
 * <p>Thread safety: mutations (append, truncate, recover, roll, close) come from the partition's
 * single appender (the {@link Log} lock); {@link #read} and the other getters may run concurrently
 * with them.
 */
public final class LogSegment implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LogSegment.class);

    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final String TXN_INDEX_SUFFIX = ".txnindex";
    public static final String DELETED_SUFFIX = ".deleted";
    public static final String CLEANED_SUFFIX = ".cleaned";
    public static final String SWAP_SUFFIX = ".swap";

    /** How much recovery reads at a time: a small segment in one read, a large one without 2 reads a batch. */
    private static final int RECOVERY_READ_BYTES = 256 * 1024;

    private final long baseOffset;
    private final FileRecords records;
    private final LazyIndex<OffsetIndex> offsetIndex;
    private final LazyIndex<TimeIndex> timeIndex;
    private final TransactionIndex txnIndex;
    private final int indexIntervalBytes;
    private final int maxIndexSize;

    private int bytesSinceLastIndexEntry; // appender only
    private volatile long maxTimestampSoFar = RecordBatch.NO_TIMESTAMP; // valid once maxTimestampKnown
    private volatile long offsetOfMaxTimestampSoFar; // valid once maxTimestampKnown
    /** False for a segment loaded from disk until its max timestamp is read (see {@link #ensureMaxTimestamp()}). */
    private volatile boolean maxTimestampKnown;
    /** Clock time of the first append (or of loading a non-empty segment); -1 while empty. */
    private volatile long rollingBaseTimeMs = -1L;
    /** True when an index file was missing or unreadable at open: it must be rebuilt before use. */
    private final boolean indexNeedsRebuild;

    private LogSegment(long baseOffset, FileRecords records, LazyIndex<OffsetIndex> offsetIndex,
                       LazyIndex<TimeIndex> timeIndex,
                       TransactionIndex txnIndex, int indexIntervalBytes, int maxIndexSize, boolean indexNeedsRebuild) {
        this.baseOffset = baseOffset;
        this.records = records;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.txnIndex = txnIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.maxIndexSize = maxIndexSize;
        this.offsetOfMaxTimestampSoFar = baseOffset;
        this.indexNeedsRebuild = indexNeedsRebuild;
        this.maxTimestampKnown = records.sizeInBytes() == 0;
    }

    /** The 20-digit zero-padded file name prefix of a segment. */
    public static String filenamePrefix(long offset) {
        if (offset < 0) {
            return String.format("%020d", offset);
        }
        String digits = Long.toString(offset); // String.format cost a visible share of loading 10,000 logs
        return "0".repeat(20 - digits.length()) + digits;
    }

    public static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + LOG_SUFFIX);
    }

    public static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + INDEX_SUFFIX);
    }

    public static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    public static Path txnIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + TXN_INDEX_SUFFIX);
    }

    /** The base offset encoded in a segment file name such as {@code 00000000000000000042.log}. */
    public static long offsetFromFileName(String name) {
        int dot = name.indexOf('.');
        String digits = dot < 0 ? name : name.substring(0, dot);
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + name + "' is not a segment file name");
        }
        return Long.parseLong(digits);
    }

    /**
     * Opens or creates the segment at {@code baseOffset} in {@code dir}: the {@code .log} is opened,
     * the indexes only looked at (see {@link LazyIndex}). A missing index next to a non-empty log,
     * or an index file of impossible size, is recreated empty and the segment reports
     * {@link #indexNeedsRebuild()}.
     */
    public static LogSegment open(Path dir, long baseOffset, LogConfig config, long nowMs) throws IOException {
        Path logPath = logFile(dir, baseOffset);
        FileRecords records = FileRecords.open(logPath);
        try {
            boolean rebuild = false;
            Path indexPath = offsetIndexFile(dir, baseOffset);
            Path timeIndexPath = timeIndexFile(dir, baseOffset);
            if (records.sizeInBytes() > 0 && (!Files.exists(indexPath) || !Files.exists(timeIndexPath))) {
                rebuild = true;
            }
            LazyIndex<OffsetIndex> offsetIndex;
            try {
                offsetIndex = LazyIndex.forOffset(indexPath, baseOffset, config.segmentIndexBytes());
            } catch (CorruptIndexException e) {
                log.warn("Rebuilding {}: {}", indexPath, e.getMessage());
                Files.delete(indexPath);
                offsetIndex = LazyIndex.forOffset(indexPath, baseOffset, config.segmentIndexBytes());
                rebuild = true;
            }
            LazyIndex<TimeIndex> timeIndex;
            try {
                timeIndex = LazyIndex.forTime(timeIndexPath, baseOffset, config.segmentIndexBytes());
            } catch (CorruptIndexException e) {
                log.warn("Rebuilding {}: {}", timeIndexPath, e.getMessage());
                Files.delete(timeIndexPath);
                timeIndex = LazyIndex.forTime(timeIndexPath, baseOffset, config.segmentIndexBytes());
                rebuild = true;
            }
            Path txnIndexPath = txnIndexFile(dir, baseOffset);
            TransactionIndex txnIndex;
            try {
                txnIndex = new TransactionIndex(baseOffset, txnIndexPath);
            } catch (CorruptIndexException e) {
                // the producer state's load appends the aborted transactions it finds again (see ReplicaLog)
                log.warn("Deleting {}: {}", txnIndexPath, e.getMessage());
                Files.delete(txnIndexPath);
                txnIndex = new TransactionIndex(baseOffset, txnIndexPath);
            }
            LogSegment segment = new LogSegment(baseOffset, records, offsetIndex, timeIndex, txnIndex,
                    config.indexIntervalBytes(), config.segmentIndexBytes(), rebuild);
            if (records.sizeInBytes() > 0) {
                segment.rollingBaseTimeMs = nowMs;
            }
            return segment;
        } catch (IOException | RuntimeException e) {
            records.close();
            throw e;
        }
    }

    public long baseOffset() {
        return baseOffset;
    }

    public FileRecords records() {
        return records;
    }

    /** The offset index, loaded (mapped) now if it was not yet. */
    public OffsetIndex offsetIndex() {
        return offsetIndex.get();
    }

    /** The time index, loaded (mapped) now if it was not yet. */
    public TimeIndex timeIndex() {
        return timeIndex.get();
    }

    /** True once either index is opened and mapped. */
    public boolean indexesLoaded() {
        return offsetIndex.isLoaded() || timeIndex.isLoaded();
    }

    public TransactionIndex txnIndex() {
        return txnIndex;
    }

    /** Records an aborted transaction whose ABORT marker is in this segment. */
    public void updateTxnIndex(AbortedTxn txn) throws IOException {
        txnIndex.append(txn);
    }

    /** The aborted transactions of this segment's index that overlap [{@code fetchOffset}, {@code upperBoundOffset}). */
    public TxnIndexSearchResult collectAbortedTxns(long fetchOffset, long upperBoundOffset) {
        return txnIndex.collectAbortedTxns(fetchOffset, upperBoundOffset);
    }

    public int size() {
        return records.sizeInBytes();
    }

    public boolean indexNeedsRebuild() {
        return indexNeedsRebuild;
    }

    /** The largest batch max timestamp in the segment, or -1 if it has none. */
    public long maxTimestampSoFar() {
        ensureMaxTimestamp();
        return maxTimestampSoFar;
    }

    public long offsetOfMaxTimestampSoFar() {
        ensureMaxTimestamp();
        return offsetOfMaxTimestampSoFar;
    }

    /** The timestamp retention.ms compares with: the largest batch timestamp, else the file's mtime. */
    public long largestTimestamp() throws IOException {
        long max = maxTimestampSoFar();
        return max >= 0 ? max : Files.getLastModifiedTime(records.file()).toMillis();
    }

    /**
     * Checks both indexes against each other and the log; true when they may be trusted. A segment
     * flagged {@link #indexNeedsRebuild()} is never trusted.
     */
    public boolean indexesAreSane() {
        if (indexNeedsRebuild) {
            return false;
        }
        try {
            offsetIndex.sanityCheck();
            timeIndex.sanityCheck();
        } catch (CorruptIndexException e) {
            log.warn("Index of segment {} fails its sanity check: {}", records.file(), e.getMessage());
            return false;
        }
        OffsetPosition last = offsetIndex.get().lastEntry();
        if (offsetIndex.entries() > 0 && last.position() >= records.sizeInBytes()) {
            log.warn("Offset index of {} points to position {} past the log's {} bytes", records.file(),
                    last.position(), records.sizeInBytes());
            return false;
        }
        return true;
    }

    /**
     * Fills in the max timestamp of a segment loaded from disk, once: from the time index and the
     * batches after its last entry. An active segment is filled in at load ({@link #loadMaxTimestamp()});
     * another one is not appended to, so this may run on any thread.
     */
    private void ensureMaxTimestamp() {
        if (!maxTimestampKnown) {
            synchronized (this) {
                if (!maxTimestampKnown) {
                    loadMaxTimestamp();
                }
            }
        }
    }

    /** Fills in the max timestamp from the time index and the batches after its last entry (load path). */
    synchronized void loadMaxTimestamp() {
        long maxTs = RecordBatch.NO_TIMESTAMP;
        long maxTsOffset = baseOffset;
        int from = 0;
        if (timeIndex.entries() > 0) {
            TimestampOffset last = timeIndex.get().lastEntry();
            maxTs = last.timestamp();
            maxTsOffset = last.offset();
            from = lookup(last.offset()).position();
        }
        for (FileBatch batch : records.batchesFrom(from)) {
            if (batch.maxTimestamp() > maxTs) {
                maxTs = batch.maxTimestamp();
                maxTsOffset = batch.lastOffset();
            }
        }
        maxTimestampSoFar = maxTs;
        offsetOfMaxTimestampSoFar = maxTsOffset;
        maxTimestampKnown = true;
    }

    /** The offset index entry to scan from for {@code offset}; an index known to be empty is not loaded. */
    private OffsetPosition lookup(long offset) {
        return offsetIndex.isUnloadedAndEmpty() ? new OffsetPosition(baseOffset, 0) : offsetIndex.get().lookup(offset);
    }

    /** The offset after the last batch, or the base offset when the segment is empty. */
    public long readNextOffset() {
        if (records.sizeInBytes() == 0) {
            return baseOffset;
        }
        long next = baseOffset;
        OffsetPosition last = offsetIndex.entries() == 0 ? new OffsetPosition(baseOffset, 0)
                : offsetIndex.get().lastEntry();
        for (FileBatch batch : records.batchesFrom(last.position())) {
            next = batch.nextOffset();
        }
        return next;
    }

    /** True if {@code offset} can be stored relative to this segment's base offset. */
    public boolean canConvertToRelativeOffset(long offset) {
        long relative = offset - baseOffset;
        return relative >= 0 && relative <= Integer.MAX_VALUE;
    }

    /**
     * Whether an append of {@code messagesSize} bytes up to {@code maxOffsetInMessages} needs a new
     * segment: size would pass {@code segment.bytes}, the first append is older than
     * {@code segment.ms}, an index is full, or the offsets no longer fit relative to the base.
     */
    public boolean shouldRoll(int messagesSize, long maxOffsetInMessages, long nowMs, LogConfig config) {
        int size = size();
        if (size == 0) {
            return !canConvertToRelativeOffset(maxOffsetInMessages);
        }
        long base = rollingBaseTimeMs;
        boolean reachedRollMs = base >= 0 && nowMs - base > config.segmentMs();
        return size > config.segmentBytes() - messagesSize || reachedRollMs || offsetIndex.isFull()
                || timeIndex.isFull() || !canConvertToRelativeOffset(maxOffsetInMessages);
    }

    /**
     * Appends batches whose offsets are already assigned (largest offset {@code largestOffset}),
     * adding an index entry whenever more than {@code index.interval.bytes} went by since the last.
     */
    public void append(long largestOffset, MemoryRecords batches, long nowMs) throws IOException {
        if (batches.sizeInBytes() == 0) {
            return;
        }
        if (!canConvertToRelativeOffset(largestOffset)) {
            throw new IllegalArgumentException("offset " + largestOffset + " does not fit segment " + records.file());
        }
        ensureMaxTimestamp();
        int physicalPosition = records.sizeInBytes();
        if (physicalPosition == 0) {
            rollingBaseTimeMs = nowMs;
        }
        records.append(batches);
        for (RecordBatch batch : batches.batches()) {
            trackBatch(batch, physicalPosition);
            physicalPosition += batch.sizeInBytes();
        }
    }

    /**
     * Accounts for a batch written at {@code position}: the max timestamp, and an index entry when
     * more than {@code index.interval.bytes} went by since the last one. A full index only makes
     * later lookups scan further; the next append rolls the segment.
     */
    private void trackBatch(RecordBatch batch, int position) {
        if (batch.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = batch.maxTimestamp();
            offsetOfMaxTimestampSoFar = batch.lastOffset();
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull() && !timeIndex.isFull()) {
            offsetIndex.get().append(batch.lastOffset(), position);
            timeIndex.get().maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
    }

    /** The first batch holding an offset at or above {@code offset}, found through the index; null if none. */
    public FileBatch translateOffset(long offset) {
        OffsetPosition start = lookup(offset);
        return records.searchForOffset(start.position(), offset);
    }

    /**
     * Reads from the batch holding {@code startOffset} at most {@code maxSize} bytes, never past
     * byte {@code maxPosition} of the segment. With {@code minOneMessage} the first batch is
     * returned whole even if larger than {@code maxSize} (but not past {@code maxPosition}); without
     * it, a first batch larger than {@code maxSize} is cut (and the answer says so). Returns null when no batch of this segment reaches {@code startOffset}.
     */
    public FetchDataInfo read(long startOffset, int maxSize, long maxPosition, boolean minOneMessage) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize " + maxSize + " is negative reading " + records.file());
        }
        FileBatch first = translateOffset(startOffset);
        if (first == null) {
            return null;
        }
        int startPosition = first.position();
        LogOffsetMetadata metadata = new LogOffsetMetadata(startOffset, baseOffset, startPosition);
        int adjustedMaxSize = minOneMessage ? Math.max(maxSize, first.sizeInBytes()) : maxSize;
        if (adjustedMaxSize == 0 || startPosition >= maxPosition) {
            return new FetchDataInfo(metadata, MemoryRecords.EMPTY);
        }
        int fetchSize = (int) Math.min(maxPosition - startPosition, adjustedMaxSize);
        return new FetchDataInfo(metadata, records.slice(startPosition, fetchSize), adjustedMaxSize < first.sizeInBytes());
    }

    /**
     * Re-validates every batch (size, CRC, offsets increasing from the base offset) and rebuilds
     * both indexes from them; cuts the file at the first torn or corrupt batch. Returns the bytes
     * cut off.
     */
    public int recover() throws IOException {
        return recover(new ArrayList<>());
    }

    /**
     * As {@link #recover()}, adding to {@code epochStarts} where each leader epoch of the valid
     * batches starts (the first batch of each epoch above the last one added), as Kafka's recovery
     * rebuilds the leader epoch cache from the batches.
     */
    public int recover(List<EpochEntry> epochStarts) throws IOException {
        // reset before resize: an unloaded index is then only marked empty, and loaded by its first new entry
        offsetIndex.reset();
        timeIndex.reset();
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
        maxTimestampSoFar = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        maxTimestampKnown = true;
        bytesSinceLastIndexEntry = 0;
        int validBytes = 0;
        long lastOffset = baseOffset - 1;
        try {
            for (RecordBatch batch : records.loadedBatches(RECOVERY_READ_BYTES)) {
                batch.ensureValid();
                if (batch.baseOffset() <= lastOffset || !canConvertToRelativeOffset(batch.lastOffset())) {
                    throw new CorruptRecordException("batch at position " + validBytes + " has offsets "
                            + batch.baseOffset() + ".." + batch.lastOffset() + " after offset " + lastOffset
                            + " in segment with base offset " + baseOffset);
                }
                trackBatch(batch, validBytes);
                int epoch = batch.partitionLeaderEpoch();
                if (epoch >= 0 && (epochStarts.isEmpty() || epoch > epochStarts.get(epochStarts.size() - 1).epoch())) {
                    epochStarts.add(new EpochEntry(epoch, batch.baseOffset()));
                }
                validBytes += batch.sizeInBytes();
                lastOffset = batch.lastOffset();
            }
        } catch (CorruptRecordException e) {
            log.warn("Found invalid data in {} at byte {}: {}", records.file(), validBytes, e.getMessage());
        }
        int truncated = records.truncateTo(validBytes);
        txnIndex.truncateTo(lastOffset + 1);
        if (truncated > 0) {
            log.warn("Truncated {} bytes at the end of {} during recovery", truncated, records.file());
        }
        if (validBytes == 0) {
            rollingBaseTimeMs = -1L;
        }
        return truncated;
    }

    /**
     * Removes every batch from the one holding {@code offset} on, and the index entries for them.
     * Leaves the indexes sized for appends. Returns the bytes removed.
     */
    public int truncateTo(long offset) throws IOException {
        FileBatch mapping = translateOffset(offset);
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        txnIndex.truncateTo(offset);
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
        bytesSinceLastIndexEntry = 0;
        if (mapping == null) {
            return 0;
        }
        int removed = records.truncateTo(mapping.position());
        if (records.sizeInBytes() == 0) {
            rollingBaseTimeMs = -1L;
        }
        loadMaxTimestamp();
        return removed;
    }

    /** Gives the indexes their full preallocated size again, for a segment that becomes active. */
    public void resizeIndexes() {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
    }

    /**
     * Records the final time index entry and trims both indexes to what they hold. A segment loaded
     * from disk whose max timestamp was not needed yet has that entry already (written when it
     * stopped being active before), and stays unloaded.
     */
    public void onBecomeInactiveSegment() {
        appendFinalTimeIndexEntry();
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    private void appendFinalTimeIndexEntry() {
        if (maxTimestampKnown && maxTimestampSoFar >= 0) {
            timeIndex.get().maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        }
    }

    /** Forces the log and its indexes to disk. */
    public void flush() throws IOException {
        records.flush();
        offsetIndex.flush();
        timeIndex.flush();
        txnIndex.flush();
    }

    /** Renames the segment's files by adding {@code suffix} (e.g. {@code .deleted}). */
    public void changeFileSuffixes(String suffix) throws IOException {
        records.renameTo(Path.of(records.file() + suffix));
        offsetIndex.renameTo(Path.of(offsetIndex.file() + suffix));
        timeIndex.renameTo(Path.of(timeIndex.file() + suffix));
        txnIndex.renameTo(Path.of(txnIndex.file() + suffix));
    }

    /**
     * Closes the files and deletes them. Each file is closed and deleted on its own: when one step
     * fails the others still run, and the first failure is thrown afterwards (later ones suppressed).
     */
    public void deleteIfExists() throws IOException {
        EveryStep.run(
                records::close,
                () -> Files.deleteIfExists(records.file()),
                offsetIndex::deleteIfExists,
                timeIndex::deleteIfExists,
                txnIndex::deleteIfExists);
    }

    /**
     * Writes the final time index entry, trims the indexes and closes the files. Each step runs even
     * when an earlier one fails, so one bad index never leaves the other files open; the first
     * failure is thrown afterwards (later ones suppressed).
     */
    @Override
    public void close() throws IOException {
        EveryStep.run(
                this::appendFinalTimeIndexEntry,
                offsetIndex::close,
                timeIndex::close,
                txnIndex::close,
                records::close);
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + size() + ")";
    }
}
