package io.gregor.replication.producer;

import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.RecordBatch;
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
 * The idempotent-producer state of one partition: per producer id its epoch and the sequence and
 * offset ranges of its last five batches. It answers, before an append, whether a batch is a
 * retry of one already written (then the original offsets are returned and nothing is appended),
 * the next batch in sequence, or refused: a sequence gap or a new epoch not starting at 0 is
 * {@link Errors#OUT_OF_ORDER_SEQUENCE_NUMBER}, an older epoch {@link Errors#INVALID_PRODUCER_EPOCH}.
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

    private static final int NO_COORDINATOR_EPOCH = -1;
    private static final long NO_TRANSACTION = -1L;

    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
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
        logger.info("Loaded the producer state of {} ({} producers) from {} and {} batch headers in {} ms",
                log.topicPartition(), state.producers.size(),
                state.loadedSnapshotOffset < 0 ? "no snapshot" : "the snapshot at offset " + state.loadedSnapshotOffset,
                state.batchesReadAtLoad, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
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
                    if (entry.lastOffset() >= firstSegmentBase) {
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
                batches = segment.records().batchesFrom(first.position());
            } else {
                batches = segment.records().batches();
            }
            for (FileBatch batch : batches) {
                read++;
                if (batch.baseOffset() >= from && batch.producerId() != RecordBatch.NO_PRODUCER_ID
                        && !batch.isControlBatch()) {
                    record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                            batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
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
        Optional<BatchMetadata> duplicate = entry.findDuplicate(epoch, firstSeq, lastSeq);
        if (duplicate.isPresent()) {
            return duplicate;
        }
        if (epoch < entry.epoch()) {
            throw new ProducerStateException(Errors.INVALID_PRODUCER_EPOCH, "producer " + producerId + " epoch "
                    + epoch + " is older than the current epoch " + entry.epoch());
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
     * Records a batch just appended to the log (its header carries the producer fields and its
     * offsets). If the log rolled a new segment since the last call, the state before this batch is
     * first written to a snapshot at the new segment's base offset.
     */
    public void update(RecordBatch batch) {
        snapshotIfRolled();
        if (batch.producerId() != RecordBatch.NO_PRODUCER_ID) {
            record(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
        }
    }

    /**
     * Writes the state to a snapshot at the log end offset, forced to disk, unless one is there
     * already (clean shutdown: the next load then reads no batch header). Call it while no batch is
     * appended or recorded. A failure is logged, not thrown.
     */
    public void takeSnapshot() {
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

    /** The state as snapshot entries: producers by id, each one's retained batches oldest first. */
    List<Entry> snapshotEntries() {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<Long, ProducerStateEntry> producer : new TreeMap<>(producers).entrySet()) {
            short epoch = producer.getValue().epoch();
            for (RetainedBatch retained : producer.getValue().batches()) {
                BatchMetadata b = retained.batch();
                entries.add(new Entry(producer.getKey(), epoch, b.lastSeq(), b.lastOffset(),
                        (int) (b.lastOffset() - b.firstOffset()), retained.maxTimestamp(), NO_COORDINATOR_EPOCH,
                        NO_TRANSACTION));
            }
        }
        return entries;
    }

    private void restore(Entry entry) {
        if (entry.lastOffset() < 0 || entry.offsetDelta() < 0) {
            return; // a producer Kafka knows without a batch (after a transaction marker): unknown here
        }
        int lastSeq = entry.lastSequence();
        int firstSeq = lastSeq < 0 ? RecordBatch.NO_SEQUENCE : decrementSequence(lastSeq, entry.offsetDelta());
        record(entry.producerId(), entry.producerEpoch(), firstSeq, lastSeq, entry.lastOffset() - entry.offsetDelta(),
                entry.lastOffset(), entry.timestamp());
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
