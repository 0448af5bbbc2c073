package io.gregor.core.epoch;

import io.gregor.core.checkpoint.LeaderEpochCheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each leader epoch of a partition starts, kept in memory and in the partition's
 * {@code leader-epoch-checkpoint} (rewritten on every change). Epochs and start offsets both
 * strictly increase from entry to entry. Thread safe (read-write lock).
 *
 * <p>Without a flusher every change is written durably before the call returns. With a flusher
 * (the log's scheduler), changes are written durably soon after on the flusher, several changes in
 * one write. A truncation ({@link #truncateFromEnd}, {@link #truncateFromStart}, as when a log is
 * loaded, a follower truncates or the log start moves) is deferred as Kafka does since
 * KAFKA-15046/KAFKA-16541 (loading 10,000 logs spent one fsync each on the epochs of empty logs): a
 * file that misses a truncation only holds entries the log no longer has; the next load truncates
 * them again. A new entry ({@link #assign}) is deferred too, where Kafka writes it durably before
 * it returns: a failover that gave 5,000 partitions of a broker a new epoch waited for 10,000 syncs,
 * or as long for the renames of unsynced writes, most of 3 s on this project's VM. A new entry not
 * yet written is written durably before the log forces records to disk ({@link #syncPending}), so
 * records on disk never carry an epoch the file lacks, and when the log closes
 * ({@link #syncAndClose}); records written after the last flush are re-read by the recovery after a
 * crash, which rebuilds the entries of their epochs, as Kafka's recovery does. The file is written
 * outside the lock of the entries (a load's next step, or a reader, does not wait for a deferred
 * write's fsync), in the order of the changes:
 * a write never replaces the file with entries older than those it holds, and a change already
 * written by a later snapshot is not written again. Nothing is written once the log is
 * {@link #close closed}.
 */
public final class LeaderEpochFileCache {
    private static final Logger log = LoggerFactory.getLogger(LeaderEpochFileCache.class);

    private final LeaderEpochCheckpointFile checkpoint;
    private final Executor flusher; // null: changes are written before the call returns
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>(); // guarded by lock
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private long version; // guarded by lock: counts the changes of the entries
    private final Object fileWrite = new Object(); // one file write at a time; never taken while holding lock
    private long writtenVersion; // guarded by fileWrite: the version the file holds
    private long assignedVersion; // guarded by fileWrite: the version of the last new entry (written once writtenVersion reaches it)
    private boolean closed; // guarded by fileWrite

    /** Loads the entries of {@code checkpoint} (none if the file is absent); every change is written durably before it returns. */
    public LeaderEpochFileCache(LeaderEpochCheckpointFile checkpoint) throws IOException {
        this(checkpoint, null);
    }

    /**
     * Loads the entries of {@code checkpoint} (none if the file is absent).
     *
     * @param flusher makes changes durable after the call (null: before it returns)
     */
    public LeaderEpochFileCache(LeaderEpochCheckpointFile checkpoint, Executor flusher) throws IOException {
        this.checkpoint = checkpoint;
        this.flusher = flusher;
        for (EpochEntry entry : checkpoint.read()) {
            assignUnflushed(entry.epoch(), entry.startOffset());
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. Ignored when the epoch is already
     * known with that or an earlier start, or is below the latest epoch; entries it contradicts
     * (later epochs, or start offsets at or above it) are dropped.
     */
    public void assign(int epoch, long startOffset) {
        if (epoch < 0) {
            return;
        }
        Snapshot changed = null;
        lock.writeLock().lock();
        try {
            if (assignUnflushed(epoch, startOffset)) {
                changed = changed();
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (changed == null) {
            return;
        }
        if (flusher == null) {
            write(changed);
        } else {
            synchronized (fileWrite) {
                assignedVersion = Math.max(assignedVersion, changed.version());
            }
            scheduleWrite();
        }
    }

    /** The entries and their version at a point in time. */
    private record Snapshot(List<EpochEntry> entries, long version) {
    }

    /** Under the write lock, after a change: counts it and returns the entries as they are now. */
    private Snapshot changed() {
        version++;
        return new Snapshot(List.copyOf(epochs.values()), version);
    }

    private boolean assignUnflushed(int epoch, long startOffset) {
        Map.Entry<Integer, EpochEntry> last = epochs.lastEntry();
        if (last != null) {
            EpochEntry latest = last.getValue();
            if (epoch < latest.epoch() || (epoch == latest.epoch() && startOffset >= latest.startOffset())) {
                return false;
            }
        }
        epochs.values().removeIf(e -> e.epoch() >= epoch || e.startOffset() >= startOffset);
        epochs.put(epoch, new EpochEntry(epoch, startOffset));
        return true;
    }

    /** The latest epoch, if any. */
    public Optional<Integer> latestEpoch() {
        lock.readLock().lock();
        try {
            return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.lastKey());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The latest entry, if any. */
    public Optional<EpochEntry> latestEntry() {
        lock.readLock().lock();
        try {
            return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.lastEntry().getValue());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The epoch whose range holds {@code offset}, if known. */
    public Optional<Integer> epochForOffset(long offset) {
        lock.readLock().lock();
        try {
            Integer found = null;
            for (EpochEntry e : epochs.values()) {
                if (e.startOffset() <= offset) {
                    found = e.epoch();
                }
            }
            return Optional.ofNullable(found);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Where {@code requestedEpoch} ended, as OffsetForLeaderEpoch answers: for the latest epoch the
     * log end offset; for an older one the start of the next known epoch, paired with the largest
     * known epoch at or below the requested one (or the requested epoch itself if it predates
     * every entry); undefined when the epoch is above every known one or undefined itself.
     */
    public EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        lock.readLock().lock();
        try {
            if (requestedEpoch == EpochEndOffset.UNDEFINED_EPOCH || epochs.isEmpty()) {
                return EpochEndOffset.UNDEFINED;
            }
            if (requestedEpoch == epochs.lastKey()) {
                return new EpochEndOffset(requestedEpoch, logEndOffset);
            }
            Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
            if (higher == null) {
                return EpochEndOffset.UNDEFINED;
            }
            Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
            int epoch = floor == null ? requestedEpoch : floor.getKey();
            return new EpochEndOffset(epoch, higher.getValue().startOffset());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Drops entries starting at or after {@code endOffset} (the log was truncated to it). */
    public void truncateFromEnd(long endOffset) {
        Snapshot changed = null;
        lock.writeLock().lock();
        try {
            if (epochs.values().removeIf(e -> e.startOffset() >= endOffset)) {
                changed = changed();
            }
        } finally {
            lock.writeLock().unlock();
        }
        writeTruncation(changed);
    }

    /**
     * Drops entries wholly before {@code startOffset} (the log start moved there); the entry whose
     * epoch covers {@code startOffset} is kept, starting at {@code startOffset}.
     */
    public void truncateFromStart(long startOffset) {
        Snapshot changed = null;
        lock.writeLock().lock();
        try {
            EpochEntry covering = null;
            for (EpochEntry e : new ArrayList<>(epochs.values())) {
                if (e.startOffset() < startOffset) {
                    epochs.remove(e.epoch());
                    covering = e;
                }
            }
            if (covering != null) {
                EpochEntry next = epochs.isEmpty() ? null : epochs.firstEntry().getValue();
                if (next == null || next.startOffset() > startOffset) {
                    epochs.put(covering.epoch(), new EpochEntry(covering.epoch(), startOffset));
                }
                changed = changed();
            }
        } finally {
            lock.writeLock().unlock();
        }
        writeTruncation(changed);
    }

    /** Removes every entry. */
    public void clear() {
        Snapshot changed;
        lock.writeLock().lock();
        try {
            epochs.clear();
            changed = changed();
        } finally {
            lock.writeLock().unlock();
        }
        write(changed);
    }

    public List<EpochEntry> entries() {
        lock.readLock().lock();
        try {
            return List.copyOf(epochs.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Stops writing the checkpoint: a deferred truncation not yet written is dropped (the log is
     * closed, deleted or moved; its directory may already hold another log). Idempotent.
     */
    public void close() {
        synchronized (fileWrite) {
            closed = true;
        }
    }

    /**
     * After a truncation ({@code changed}, null if none): writes it now or, with a flusher, once
     * soon (several changes share one write).
     */
    private void writeTruncation(Snapshot changed) {
        if (changed == null) {
            return;
        }
        if (flusher == null) {
            write(changed);
        } else {
            scheduleWrite();
        }
    }

    /** Has the flusher write the entries durably soon, unless a write is already scheduled. */
    private void scheduleWrite() {
        if (writeScheduled.compareAndSet(false, true)) {
            try {
                flusher.execute(this::writeDeferred);
            } catch (RejectedExecutionException e) {
                writeScheduled.set(false);
                writeDeferred(); // the flusher is shut down: write now
            }
        }
    }

    private void writeDeferred() {
        writeScheduled.set(false); // a change from now on schedules its own write
        Snapshot now = snapshot();
        writeQuietly(() -> write(now));
    }

    /**
     * Runs {@code write} unless the log's directory is gone (deleted or moved meanwhile); a failure
     * is logged: the entries in memory are right, the next load truncates the file's extra entries
     * again, a recovery rebuilds the epochs of the records on disk, and the next flush or change
     * retries.
     */
    private void writeQuietly(Runnable write) {
        try {
            if (Files.isDirectory(checkpoint.file().getParent())) {
                write.run();
            }
        } catch (UncheckedIOException e) {
            log.warn("Could not write the leader epochs to {}: {}", checkpoint.file(), e.getCause().toString());
        }
    }

    /** Writes {@code snapshot} unless the log is closed or the file holds it or a later one already. */
    private void write(Snapshot snapshot) {
        synchronized (fileWrite) {
            if (closed || snapshot.version() <= writtenVersion) {
                return;
            }
            try {
                checkpoint.write(new ArrayList<>(snapshot.entries()));
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + checkpoint.file(), e);
            }
            writtenVersion = snapshot.version();
        }
    }

    /**
     * Writes the entries durably now if a new entry is not yet written (a deferred truncation alone
     * is left to the flusher). The log calls it before it forces records to disk.
     */
    public void syncPending() {
        synchronized (fileWrite) {
            if (closed || assignedVersion <= writtenVersion) {
                return;
            }
        }
        write(snapshot());
    }

    /** The entries and their version now. */
    private Snapshot snapshot() {
        lock.readLock().lock();
        try {
            return new Snapshot(List.copyOf(epochs.values()), version);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * As {@link #close}, after writing a new entry not yet written (the log is closing, not deleted
     * or moved away: its directory is still its own). A failure is logged: the epochs of records on
     * disk are rebuilt by the next load's recovery.
     */
    public void syncAndClose() {
        writeQuietly(this::syncPending);
        close();
    }
}
