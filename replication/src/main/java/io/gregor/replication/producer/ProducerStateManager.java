package io.gregor.replication.producer;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.CloseableIterator;
import io.gregor.clients.record.ControlRecordType;
import io.gregor.clients.record.EndTransactionMarker;
import io.gregor.clients.record.Record;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.log.FileBatch;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogSegment;
import io.gregor.replication.producer.ProducerSnapshotFile.Entry;
import io.gregor.replication.producer.ProducerStateEntry.RetainedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent and transactional producer state of one partition: per producer id its epoch, the
 * sequence and offset ranges of its last five batches, the coordinator epoch of its last
 * transaction marker and the first offset of its open transaction. It answers, before an append, whether a batch is a
 * retry of one already written (then the original offsets are returned and nothing is appended),
 * the next batch in sequence, or refused: a sequence gap or a new epoch not starting at 0 is
 * {@link Errors#OUT_OF_ORDER_SEQUENCE_NUMBER}, an older epoch {@link Errors#INVALID_PRODUCER_EPOCH}.
 *
 * <p>Transactions: a transactional batch opens its producer's transaction (unless one is open); a
 * COMMIT or ABORT marker (a control batch) ends it and may bump the producer's epoch. A marker from
 * a coordinator epoch older than the last one seen is {@link Errors#TRANSACTION_COORDINATOR_FENCED},
 * from an older producer epoch {@link Errors#INVALID_PRODUCER_EPOCH}; a non-transactional batch of a
 * producer whose transaction is open is {@link Errors#INVALID_TXN_STATE}. A completed transaction
 * stays "unreplicated" until the high watermark passes its marker; the first offset of the oldest
 * open or unreplicated transaction is the partition's first unstable offset, below which the last
 * stable offset lies ({@link #firstUnstableOffset()}). Aborted transactions are recorded in the
 * log's {@code .txnindex} by the caller as they complete, and by {@link #load} for the markers it
 * reads (idempotently), so an index that lost its tail in a crash is rebuilt.
 *
 * <p>A producer the partition does not know is accepted at any sequence, as Kafka brokers do since
 * 2.5 (its state may have been removed with old segments); the Java client relies on that.
 *
 * <p>Snapshots: when the log rolls a new segment, and at a clean shutdown ({@link #takeSnapshot()}),
 * the state is written to a {@link ProducerSnapshotFile} named by the offset it covers up to.
 * {@link #load(Log)} starts from the newest readable snapshot at or below the log's recovery point
 * and reads only the batch headers after it (records are never decoded); without a usable snapshot
 * it reads every batch header. Snapshots above the log end (left by a truncation or a recovery)
 * and below the log start are deleted, and at most {@link #SNAPSHOTS_RETAINED} are kept. A corrupt
 * snapshot is logged, deleted and skipped; a snapshot that cannot be written is logged and the
 * append goes on. The loaded state is the one a full scan of the log's segments gives.
 *
 * <p>Not thread safe: the owning {@code Partition} calls it under its append lock.
 */
public final class ProducerStateManager {
    private static final Logger logger = LoggerFactory.getLogger(ProducerStateManager.class);

    /** How many batches per producer are remembered for duplicate detection (the client's max in-flight). */
    public static final int BATCHES_RETAINED = 5;
    /** How many snapshot files a partition keeps: the newest, plus older ones to fall back on. */
    public static final int SNAPSHOTS_RETAINED = 3;

    private static final long NO_TRANSACTION = ProducerStateEntry.NO_TRANSACTION;
    /** A rebuild reads batch headers this much at a time: one read per header cost a read per batch. */
    private static final int SCAN_READ_AHEAD_BYTES = 64 * 1024;

    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    private final TreeMap<Long, Long> ongoingTxns = new TreeMap<>(); // first offset -> producer id
    private final TreeMap<Long, CompletedTxn> unreplicatedTxns = new TreeMap<>(); // first offset -> txn whose marker is at or above the HW
    private volatile TxnBounds txnBounds = TxnBounds.NONE; // republished on every change of the two maps above
    private final Log log; // null: state kept in memory only, never snapshotted
    private long activeSegmentBaseOffset; // the active segment when last looked at: a change means the log rolled
    private long latestSnapshotOffset = -1L;
    private long loadedSnapshotOffset = -1L; // the snapshot the load started from, -1 for a full scan
    private long batchesReadAtLoad;

    /** An empty state kept in memory only. */
    public ProducerStateManager() {
        this(null);
    }

    private ProducerStateManager(Log log) {
        this.log = log;
    }

    /**
     * The state written in {@code log}: from the newest usable snapshot plus the batch headers after
     * it, or from every batch header when there is none. Keeps snapshots as the log rolls from now on.
     */
    public static ProducerStateManager load(Log log) {
        long started = System.nanoTime();
        ProducerStateManager state = new ProducerStateManager(log);
        state.recover();
        // Only a load that found something is worth a line: an empty log's (every new partition's)
        // would be one more line per replica while a 10,000-partition topic is created.
        boolean found = state.loadedSnapshotOffset >= 0 || state.batchesReadAtLoad > 0 || !state.producers.isEmpty();
        if (found) {
            logger.info("Loaded the producer state of {} ({} producers) from {} and {} batch headers in {} ms",
                    log.topicPartition(), state.producers.size(),
                    state.loadedSnapshotOffset < 0 ? "no snapshot" : "the snapshot at offset " + state.loadedSnapshotOffset,
                    state.batchesReadAtLoad, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } else {
            logger.debug("Loaded the empty producer state of {} in {} ms", log.topicPartition(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        return state;
    }

    private void recover() {
        Path dir = log.dir();
        long logStart = log.logStartOffset();
        long logEnd = log.logEndOffset();
        List<LogSegment> segments = log.segments();
        long firstSegmentBase = segments.get(0).baseOffset();
        activeSegmentBaseOffset = segments.get(segments.size() - 1).baseOffset();
        NavigableMap<Long, Path> snapshots = listSnapshots(dir);
        // above the log end: batches the log no longer has; below the log start: batches it dropped
        deleteSnapshots(snapshots.tailMap(logEnd, false));
        deleteSnapshots(snapshots.headMap(logStart, false));
        long scanFrom = firstSegmentBase;
        long usableUpTo = Math.min(logEnd, log.recoveryPoint());
        Iterator<Map.Entry<Long, Path>> newestFirst = snapshots.headMap(usableUpTo, true).descendingMap().entrySet().iterator();
        while (newestFirst.hasNext()) {
            Map.Entry<Long, Path> snapshot = newestFirst.next();
            try {
                List<Entry> entries = ProducerSnapshotFile.read(snapshot.getValue());
                for (Entry entry : entries) {
                    // a batch in a segment deleted since is out of the log, as a full scan would find it
                    if (entry.lastOffset() >= firstSegmentBase || entry.lastOffset() < 0
                            || entry.currentTxnFirstOffset() >= firstSegmentBase) {
                        restore(entry);
                    }
                }
                scanFrom = Math.max(snapshot.getKey(), firstSegmentBase);
                loadedSnapshotOffset = snapshot.getKey();
                break;
            } catch (IOException e) {
                logger.warn("Ignoring producer state snapshot {} of {}: {}", snapshot.getValue(), log.topicPartition(),
                        e.getMessage());
                deleteSnapshot(snapshot.getValue());
                newestFirst.remove();
            }
        }
        latestSnapshotOffset = snapshots.isEmpty() ? -1L : snapshots.lastKey();
        batchesReadAtLoad = scan(segments, scanFrom);
    }

    /**
     * A marker read back from the log: it completes its transaction as on append, recording an abort
     * in the {@code .txnindex} if the index does not have it yet.
     */
    private void replayMarker(RecordBatch batch) {
        Optional<CompletedTxn> completed = update(batch);
        if (completed.isEmpty()) {
            return;
        }
        CompletedTxn txn = completed.get();
        if (txn.aborted()) {
            try {
                log.recordAbortedTxn(new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(),
                        lastStableOffset(txn)));
            } catch (IOException | RuntimeException e) {
                logger.warn("Could not record the aborted transaction {} of {} in its .txnindex: {}", txn,
                        log.topicPartition(), e.toString());
            }
        }
        completeTxn(txn);
    }

    /** Records every producer batch of {@code segments} at or above {@code from}; returns the batch headers read. */
    private long scan(List<LogSegment> segments, long from) {
        long read = 0;
        for (int i = 0; i < segments.size(); i++) {
            LogSegment segment = segments.get(i);
            if (i + 1 < segments.size() && segments.get(i + 1).baseOffset() <= from) {
                continue; // wholly below
            }
            Iterable<FileBatch> batches;
            if (segment.baseOffset() < from) {
                FileBatch first = segment.translateOffset(from);
                if (first == null) {
                    continue;
                }
                batches = segment.records().batchesFrom(first.position(), SCAN_READ_AHEAD_BYTES);
            } else {
                batches = segment.records().batchesFrom(0, SCAN_READ_AHEAD_BYTES);
            }
            for (FileBatch batch : batches) {
                read++;
                if (batch.baseOffset() < from || batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
                    continue;
                }
                if (batch.isControlBatch()) {
                    replayMarker(batch.load());
                } else {
                    record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                            batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
                    if (batch.isTransactional()) {
                        beginTxn(batch.producerId(), batch.baseOffset());
                    }
                }
            }
        }
        return read;
    }

    /**
     * Checks a batch about to be appended. Returns the batch already written if this one is its
     * retry; empty if it may be appended; throws {@link ProducerStateException} if refused.
     */
    public Optional<BatchMetadata> check(RecordBatch batch) {
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return Optional.empty();
        }
        short epoch = batch.producerEpoch();
        int firstSeq = batch.baseSequence();
        int lastSeq = batch.lastSequence();
        ProducerStateEntry entry = producers.get(producerId);
        if (entry == null) {
            return Optional.empty();
        }
        // a batch without sequence numbers (a coordinator's, e.g. a transactional offset commit) is
        // checked for its epoch and transaction only, as Kafka checks coordinator appends
        boolean sequenced = firstSeq != RecordBatch.NO_SEQUENCE;
        Optional<BatchMetadata> duplicate = sequenced ? entry.findDuplicate(epoch, firstSeq, lastSeq) : Optional.empty();
        if (duplicate.isPresent()) {
            return duplicate;
        }
        if (epoch < entry.epoch()) {
            throw new ProducerStateException(Errors.INVALID_PRODUCER_EPOCH, "producer " + producerId + " epoch "
                    + epoch + " is older than the current epoch " + entry.epoch());
        }
        if (!batch.isTransactional() && entry.currentTxnFirstOffset() != NO_TRANSACTION) {
            throw new ProducerStateException(Errors.INVALID_TXN_STATE, "producer " + producerId
                    + " sent a non-transactional batch while its transaction from offset "
                    + entry.currentTxnFirstOffset() + " is open");
        }
        if (!sequenced) {
            return Optional.empty();
        }
        if (epoch > entry.epoch()) {
            if (firstSeq != 0) {
                throw new ProducerStateException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId
                        + " starts new epoch " + epoch + " at sequence " + firstSeq + " instead of 0");
            }
            return Optional.empty();
        }
        int last = entry.lastSeq();
        if (last >= 0 && !inSequence(last, firstSeq)) {
            throw new ProducerStateException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "producer " + producerId
                    + " epoch " + epoch + " sent sequence " + firstSeq + " after " + last);
        }
        return Optional.empty();
    }

    /**
     * Checks a COMMIT or ABORT marker the coordinator asks to write for {@code producerId}:
     * {@link Errors#INVALID_PRODUCER_EPOCH} for an epoch older than the producer's,
     * {@link Errors#TRANSACTION_COORDINATOR_FENCED} for a coordinator epoch older than the last
     * marker's. A producer the partition does not know passes.
     */
    public void checkMarker(long producerId, short producerEpoch, int coordinatorEpoch) {
        ProducerStateEntry entry = producers.get(producerId);
        if (entry == null) {
            return;
        }
        if (producerEpoch < entry.epoch()) {
            throw new ProducerStateException(Errors.INVALID_PRODUCER_EPOCH, "marker for producer " + producerId
                    + " has epoch " + producerEpoch + ", older than the current epoch " + entry.epoch());
        }
        if (coordinatorEpoch < entry.coordinatorEpoch()) {
            throw new ProducerStateException(Errors.TRANSACTION_COORDINATOR_FENCED, "marker for producer "
                    + producerId + " comes from coordinator epoch " + coordinatorEpoch + ", older than "
                    + entry.coordinatorEpoch());
        }
    }

    /**
     * Records a batch just appended to the log (its header carries the producer fields and its
     * offsets). If the log rolled a new segment since the last call, the state before this batch is
     * first written to a snapshot at the new segment's base offset. A transactional batch opens its
     * producer's transaction; a COMMIT or ABORT marker ends it and is returned as the completed
     * transaction, which the caller records ({@code .txnindex} for an abort, with
     * {@link #lastStableOffset(CompletedTxn)}) and then passes to {@link #completeTxn}. A marker of
     * a producer without an open transaction completes nothing.
     */
    public Optional<CompletedTxn> update(RecordBatch batch) {
        snapshotIfRolled();
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return Optional.empty();
        }
        if (batch.isControlBatch()) {
            return recordMarker(batch);
        }
        record(producerId, batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
        if (batch.isTransactional()) {
            beginTxn(producerId, batch.baseOffset());
        }
        return Optional.empty();
    }

    private void beginTxn(long producerId, long firstOffset) {
        if (producers.get(producerId).beginTxnIfNone(firstOffset)) {
            ongoingTxns.put(firstOffset, producerId);
            publishTxnBounds();
        }
    }

    private Optional<CompletedTxn> recordMarker(RecordBatch batch) {
        EndTransactionMarker marker;
        try (CloseableIterator<Record> records = batch.records()) {
            if (!records.hasNext()) {
                return Optional.empty(); // a control batch emptied by the cleaner
            }
            Record record = records.next();
            ControlRecordType type = ControlRecordType.parse(record.key());
            if (type != ControlRecordType.COMMIT && type != ControlRecordType.ABORT) {
                return Optional.empty();
            }
            marker = EndTransactionMarker.read(record);
        }
        long producerId = batch.producerId();
        ProducerStateEntry entry = producers.computeIfAbsent(producerId, id -> new ProducerStateEntry(batch.producerEpoch()));
        long first = entry.currentTxnFirstOffset();
        entry.endTxn(batch.producerEpoch(), marker.coordinatorEpoch(), batch.maxTimestamp());
        return first == NO_TRANSACTION ? Optional.empty()
                : Optional.of(new CompletedTxn(producerId, first, batch.baseOffset(),
                marker.type() == ControlRecordType.ABORT));
    }

    /**
     * The last stable offset right after {@code txn} completes, as its {@code .txnindex} entry
     * records it: the first offset of the oldest transaction of another producer still open, else
     * the offset after the marker.
     */
    public long lastStableOffset(CompletedTxn txn) {
        for (Map.Entry<Long, Long> open : ongoingTxns.entrySet()) {
            if (open.getValue() != txn.producerId()) {
                return open.getKey();
            }
        }
        return txn.lastOffset() + 1;
    }

    /** Moves a transaction a marker ended from the open ones to those waiting for the high watermark to pass its marker. */
    public void completeTxn(CompletedTxn txn) {
        ongoingTxns.remove(txn.firstOffset());
        unreplicatedTxns.put(txn.firstOffset(), txn);
        publishTxnBounds();
    }

    /** Forgets the completed transactions whose marker is below {@code highWatermark}: they are stable. */
    public void onHighWatermarkUpdated(long highWatermark) {
        if (!unreplicatedTxns.isEmpty() && unreplicatedTxns.values().removeIf(txn -> txn.lastOffset() < highWatermark)) {
            publishTxnBounds();
        }
    }

    private void publishTxnBounds() {
        txnBounds = ongoingTxns.isEmpty() && unreplicatedTxns.isEmpty() ? TxnBounds.NONE
                : new TxnBounds(ongoingTxns.isEmpty() ? -1L : ongoingTxns.firstKey(), List.copyOf(unreplicatedTxns.values()));
    }

    /** The transactions a lock-free reader needs for the last stable offset; safe from any thread. */
    public TxnBounds txnBounds() {
        return txnBounds;
    }

    /**
     * The first offset of the oldest transaction that is open, or completed with its marker not yet
     * below the high watermark; -1 when there is none. The last stable offset is the smaller of this
     * and the high watermark.
     */
    public long firstUnstableOffset() {
        long first = ongoingTxns.isEmpty() ? Long.MAX_VALUE : ongoingTxns.firstKey();
        if (!unreplicatedTxns.isEmpty()) {
            first = Math.min(first, unreplicatedTxns.firstKey());
        }
        return first == Long.MAX_VALUE ? -1L : first;
    }

    /**
     * Forgets the producers without an open transaction whose last batch or marker timestamp is at
     * least {@code expirationMs} before {@code nowMs} ({@code producer.id.expiration.ms}, as Kafka
     * expires producer ids); a later batch of such a producer is accepted at any sequence, as from a
     * producer never seen. Returns how many were removed.
     */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(entry -> entry.currentTxnFirstOffset() == NO_TRANSACTION
                && nowMs - entry.lastTimestamp() >= expirationMs);
        return before - producers.size();
    }

    /** Whether a transaction of {@code producerId} is open in this partition. */
    public boolean hasOngoingTxn(long producerId) {
        ProducerStateEntry entry = producers.get(producerId);
        return entry != null && entry.currentTxnFirstOffset() != NO_TRANSACTION;
    }

    /** What DescribeProducers reports of each producer this partition knows. */
    public List<ProducerView> producers() {
        List<ProducerView> views = new ArrayList<>(producers.size());
        for (Map.Entry<Long, ProducerStateEntry> e : new TreeMap<>(producers).entrySet()) {
            ProducerStateEntry entry = e.getValue();
            List<RetainedBatch> batches = entry.batches();
            RetainedBatch last = batches.isEmpty() ? null : batches.get(batches.size() - 1);
            views.add(new ProducerView(e.getKey(), entry.epoch(), entry.lastSeq(),
                    last == null ? entry.lastMarkerTimestamp() : last.maxTimestamp(), entry.coordinatorEpoch(),
                    entry.currentTxnFirstOffset()));
        }
        return views;
    }

    /**
     * Writes the state to a snapshot at the log end offset, forced to disk, unless one is there
     * already (clean shutdown: the next load then reads no batch header). Call it while no batch is
     * appended or recorded. A failure is logged, not thrown. An empty log without a snapshot gets
     * none (as Kafka's, which snapshots only past its last one): its load reads no batch anyway, and
     * a broker with thousands of idle partitions forces no file per partition at shutdown.
     */
    public void takeSnapshot() {
        if (log != null && latestSnapshotOffset < 0 && log.logEndOffset() == log.logStartOffset()) {
            return;
        }
        if (log != null && log.logEndOffset() != latestSnapshotOffset) {
            writeSnapshot(log.logEndOffset(), true);
        }
    }

    private void snapshotIfRolled() {
        if (log == null) {
            return;
        }
        long active = log.activeSegment().baseOffset();
        if (active != activeSegmentBaseOffset) {
            activeSegmentBaseOffset = active;
            // every batch recorded so far lies below the new segment, and none at or above it
            if (active > latestSnapshotOffset) {
                writeSnapshot(active, false);
            }
        }
    }

    /** Writes the snapshot at {@code offset} (forced when {@code sync}), then drops those no longer kept. */
    private void writeSnapshot(long offset, boolean sync) {
        Path dir = log.dir();
        try {
            ProducerSnapshotFile.write(ProducerSnapshotFile.path(dir, offset), snapshotEntries(), sync);
            latestSnapshotOffset = offset;
        } catch (IOException e) {
            logger.warn("Could not write the producer state snapshot of {} at offset {}: {}", log.topicPartition(),
                    offset, e.toString());
            return;
        }
        NavigableMap<Long, Path> snapshots = listSnapshots(dir);
        deleteSnapshots(snapshots.headMap(log.logStartOffset(), false));
        while (snapshots.size() > SNAPSHOTS_RETAINED) {
            deleteSnapshot(snapshots.pollFirstEntry().getValue());
        }
    }

    /**
     * The state as snapshot entries: producers by id, each one's retained batches oldest first, each
     * carrying the producer's coordinator epoch and open transaction; a producer without a batch (its
     * epoch was bumped by a marker) as one entry with last offset and sequence -1, as Kafka writes it.
     */
    List<Entry> snapshotEntries() {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<Long, ProducerStateEntry> producer : new TreeMap<>(producers).entrySet()) {
            ProducerStateEntry state = producer.getValue();
            short epoch = state.epoch();
            List<RetainedBatch> batches = state.batches();
            if (batches.isEmpty()) {
                entries.add(new Entry(producer.getKey(), epoch, RecordBatch.NO_SEQUENCE, -1L, 0,
                        state.lastMarkerTimestamp(), state.coordinatorEpoch(), state.currentTxnFirstOffset()));
            }
            for (RetainedBatch retained : batches) {
                BatchMetadata b = retained.batch();
                entries.add(new Entry(producer.getKey(), epoch, b.lastSeq(), b.lastOffset(),
                        (int) (b.lastOffset() - b.firstOffset()), retained.maxTimestamp(), state.coordinatorEpoch(),
                        state.currentTxnFirstOffset()));
            }
        }
        return entries;
    }

    private void restore(Entry entry) {
        long producerId = entry.producerId();
        if (entry.lastOffset() < 0 || entry.offsetDelta() < 0) {
            // a producer known without a batch (its epoch was bumped by a transaction marker)
            producers.computeIfAbsent(producerId, id -> new ProducerStateEntry(entry.producerEpoch()));
        } else {
            int lastSeq = entry.lastSequence();
            int firstSeq = lastSeq < 0 ? RecordBatch.NO_SEQUENCE : decrementSequence(lastSeq, entry.offsetDelta());
            record(producerId, entry.producerEpoch(), firstSeq, lastSeq, entry.lastOffset() - entry.offsetDelta(),
                    entry.lastOffset(), entry.timestamp());
        }
        producers.get(producerId).restoreTxnState(entry.coordinatorEpoch(), entry.currentTxnFirstOffset());
        if (entry.currentTxnFirstOffset() != NO_TRANSACTION) {
            ongoingTxns.put(entry.currentTxnFirstOffset(), producerId);
            publishTxnBounds();
        }
    }

    private void record(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset,
                        long maxTimestamp) {
        producers.computeIfAbsent(producerId, id -> new ProducerStateEntry(epoch))
                .add(epoch, new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset), maxTimestamp);
    }

    /** The current epoch of {@code producerId}, if known. */
    public Optional<Short> epochOf(long producerId) {
        return Optional.ofNullable(producers.get(producerId)).map(ProducerStateEntry::epoch);
    }

    public int producerCount() {
        return producers.size();
    }

    /** The snapshot offset the load started from, or -1 when it read the whole log. */
    long loadedSnapshotOffset() {
        return loadedSnapshotOffset;
    }

    /** How many batch headers the load read from the log. */
    long batchesReadAtLoad() {
        return batchesReadAtLoad;
    }

    private NavigableMap<Long, Path> listSnapshots(Path dir) {
        try {
            return ProducerSnapshotFile.list(dir);
        } catch (IOException e) {
            logger.warn("Could not list the producer state snapshots of {} in {}: {}", log.topicPartition(), dir,
                    e.toString());
            return new TreeMap<>();
        }
    }

    /** Deletes the snapshot files of {@code snapshots} and removes them from it. */
    private void deleteSnapshots(NavigableMap<Long, Path> snapshots) {
        snapshots.values().forEach(this::deleteSnapshot);
        snapshots.clear();
    }

    private void deleteSnapshot(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            logger.warn("Could not delete the producer state snapshot {} of {}: {}", file, log.topicPartition(),
                    e.toString());
        }
    }

    /** {@code sequence - decrement}, wrapping below 0 to Integer.MAX_VALUE as producer sequences do. */
    private static int decrementSequence(int sequence, int decrement) {
        long first = (long) sequence - decrement;
        return (int) (first < 0 ? first + Integer.MAX_VALUE + 1 : first);
    }

    private static boolean inSequence(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1 || (lastSeq == Integer.MAX_VALUE && nextSeq == 0);
    }
}
