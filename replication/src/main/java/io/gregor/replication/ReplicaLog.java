package io.gregor.replication;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.core.log.Log;
import io.gregor.core.log.LogAppendInfo;
import io.gregor.replication.producer.BatchMetadata;
import io.gregor.replication.producer.ProducerStateException;
import io.gregor.replication.producer.ProducerStateManager;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The log of one replica with its idempotent-producer state: appends as leader and as follower
 * keep the producer state in step with the log, truncations rebuild it (and are counted, so that a
 * log dir move that saw one starts over), a log dir move swaps the log, and an I/O error of the
 * log is reported as a failure of its log dir.
 *
 * <p>Not thread safe: the owning {@link Partition} calls every method under its lock, except
 * {@link #log()} and {@link #truncations()}, which read volatile fields.
 */
final class ReplicaLog {
    private volatile Log log; // replaced by a log dir move; reads take the current one
    private ProducerStateManager producerState; // rebuilt after a truncation or a swap
    private volatile long truncations; // how often the log was truncated
    private volatile BiConsumer<Path, IOException> storageFailures = (dir, e) -> { }; // set by the replica manager

    ReplicaLog(Log log) {
        this.log = log;
        this.producerState = ProducerStateManager.load(log);
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

    /** Appends batches copied from the leader, keeping their producer state. */
    void appendAsFollower(MemoryRecords records) throws IOException {
        log.appendAsFollower(records);
        for (RecordBatch batch : records.batches()) {
            if (!batch.isControlBatch()) {
                producerState.update(batch);
            }
        }
    }

    /** Truncates the log to {@code offset}, rebuilding the producer state if anything went. */
    void truncateTo(long offset) throws IOException {
        if (log.truncateTo(offset)) {
            truncations++;
            producerState = ProducerStateManager.load(log);
        }
    }

    /** Empties the log and restarts it at {@code offset}. */
    void truncateFullyAndStartAt(long offset) throws IOException {
        log.truncateFullyAndStartAt(offset);
        truncations++;
        producerState = ProducerStateManager.load(log);
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
            producerState = ProducerStateManager.load(swapped);
        }
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
