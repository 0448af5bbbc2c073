package io.gregor.replication;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogAppendInfo;
import io.gregor.core.index.AbortedTxn;
import io.gregor.replication.producer.BatchMetadata;
import io.gregor.replication.producer.CompletedTxn;
import io.gregor.replication.producer.ProducerView;
import io.gregor.replication.producer.ProducerStateException;
import io.gregor.replication.producer.ProducerStateManager;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The log of one replica with its idempotent and transactional producer state: appends as leader
 * and as follower keep the producer state (open transactions, the last stable offset) and the
 * aborted-transaction index in step with the log, truncations rebuild it (and are counted, so that a
 * log dir move that saw one starts over), a log dir move swaps the log, and an I/O error of the
 * log is reported as a failure of its log dir.
 *
 * <p>Not thread safe: the owning {@link Partition} calls every method under its lock, except
 * {@link #log()}, {@link #truncations()} and {@link #lastStableOffset()}, which read volatile fields.
 */
final class ReplicaLog {
    private volatile Log log; // replaced by a log dir move; reads take the current one
    private volatile ProducerStateManager producerState; // rebuilt after a truncation or a swap; replaced under the partition's lock, read by lock-free readers for the LSO
    private volatile long truncations; // how often the log was truncated
    private volatile BiConsumer<Path, IOException> storageFailures = (dir, e) -> { }; // set by the replica manager

    ReplicaLog(Log log) {
        this.log = log;
        this.producerState = loadProducerState(log);
        log.lastStableOffsetFrom(this::lastStableOffset);
    }

    Log log() {
        return log;
    }

    /** The batch this producer batch repeats, if it is a retry; see {@link ProducerStateManager#check}. */
    Optional<BatchMetadata> checkProducer(RecordBatch batch) throws ProducerStateException {
        return producerState.check(batch);
    }

    /** Appends a validated producer batch as leader at {@code leaderEpoch} and records it for its producer. */
    LogAppendInfo appendAsLeader(MemoryRecords records, RecordBatch batch, int leaderEpoch) throws IOException {
        LogAppendInfo info = log.appendAsLeader(records, leaderEpoch);
        producerState.update(batch);
        return info;
    }

    /** See {@link ProducerStateManager#checkMarker}. */
    void checkMarker(long producerId, short producerEpoch, int coordinatorEpoch) throws ProducerStateException {
        producerState.checkMarker(producerId, producerEpoch, coordinatorEpoch);
    }

    /**
     * Appends a transaction marker batch (built by the caller, already checked with
     * {@link #checkMarker}) as leader at {@code leaderEpoch}, completing its producer's transaction.
     */
    LogAppendInfo appendMarkerAsLeader(MemoryRecords marker, int leaderEpoch) throws IOException {
        LogAppendInfo info = log.appendAsLeader(marker, leaderEpoch);
        for (RecordBatch batch : marker.batches()) {
            afterAppend(batch);
        }
        return info;
    }

    /** Appends batches copied from the leader, keeping their producer state and aborted-transaction index. */
    void appendAsFollower(MemoryRecords records) throws IOException {
        log.appendAsFollower(records);
        for (RecordBatch batch : records.batches()) {
            afterAppend(batch);
        }
    }

    /** Records an appended batch for its producer; a marker that ends a transaction completes it, an abort in the {@code .txnindex}. */
    private void afterAppend(RecordBatch batch) throws IOException {
        Optional<CompletedTxn> completed = producerState.update(batch);
        if (completed.isPresent()) {
            CompletedTxn txn = completed.get();
            if (txn.aborted()) {
                log.recordAbortedTxn(new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(),
                        producerState.lastStableOffset(txn)));
            }
            producerState.completeTxn(txn);
        }
    }

    /** Lets the producer state forget completed transactions whose markers the high watermark passed. */
    void onHighWatermarkUpdated(long highWatermark) {
        producerState.onHighWatermarkUpdated(highWatermark);
    }

    /**
     * The last stable offset: the high watermark, lowered to the first offset of the oldest
     * transaction still open or not yet replicated. Lock-free (reads the high watermark first).
     */
    long lastStableOffset() {
        Log current = log;
        long highWatermark = current.highWatermark();
        return producerState.txnBounds().lastStableOffset(highWatermark);
    }

    int removeExpiredProducers(long nowMs, long expirationMs) {
        return producerState.removeExpiredProducers(nowMs, expirationMs);
    }

    boolean hasOngoingTxn(long producerId) {
        return producerState.hasOngoingTxn(producerId);
    }

    /** The producers of this partition, for DescribeProducers. */
    List<ProducerView> producers() {
        return producerState.producers();
    }

    /** Truncates the log to {@code offset}, rebuilding the producer state if anything went. */
    void truncateTo(long offset) throws IOException {
        if (log.truncateTo(offset)) {
            truncations++;
            producerState = loadProducerState(log);
        }
    }

    /** Empties the log and restarts it at {@code offset}. */
    void truncateFullyAndStartAt(long offset) throws IOException {
        log.truncateFullyAndStartAt(offset);
        truncations++;
        producerState = loadProducerState(log);
    }

    /** How often the log was truncated (as a follower); a log dir move that saw it change starts over. */
    long truncations() {
        return truncations;
    }

    /** Writes the producer state to a snapshot at the log end offset; a failure is logged, not thrown. */
    void snapshotProducerState() {
        producerState.takeSnapshot();
    }

    /** Swaps the log, given the current one, for the log {@code swap} returns (the same one: no swap). */
    @FunctionalInterface
    interface LogSwap {
        Log swap(Log current) throws IOException;
    }

    /** See {@link Partition#swapLog}: the producer state is snapshotted first and reloaded from the new log. */
    void swap(LogSwap swap) throws IOException {
        producerState.takeSnapshot();
        Log swapped = swap.swap(log);
        if (swapped != log) {
            log = swapped;
            swapped.lastStableOffsetFrom(this::lastStableOffset);
            producerState = loadProducerState(swapped);
        }
    }

    /** The producer state written in {@code log}, its completed transactions below the high watermark forgotten. */
    private static ProducerStateManager loadProducerState(Log log) {
        ProducerStateManager state = ProducerStateManager.load(log);
        state.onHighWatermarkUpdated(log.highWatermark());
        return state;
    }

    /** Where {@link #reportIfStorageFailure} reports a failed log dir (the log manager's failure channel). */
    void reportStorageFailuresTo(BiConsumer<Path, IOException> reporter) {
        this.storageFailures = reporter;
    }

    /** See {@link Partition#reportIfStorageFailure}. */
    void reportIfStorageFailure(Throwable failure) {
        Log current = log;
        if (current.isClosed()) {
            return;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ClosedChannelException) {
                return;
            }
            if (t instanceof IOException io) {
                storageFailures.accept(current.dir().getParent(), io);
                return;
            }
        }
    }
}
