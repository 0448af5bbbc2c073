package io.gregor.core.epoch;

import io.gregor.core.checkpoint.LeaderEpochCheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Where each leader epoch of a partition starts, kept in memory and in the partition's
 * {@code leader-epoch-checkpoint} (rewritten on every change). Epochs and start offsets both
 * strictly increase from entry to entry. Thread safe (read-write lock).
 */
public final class LeaderEpochFileCache {
    private final LeaderEpochCheckpointFile checkpoint;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>(); // guarded by lock

    /** Loads the entries of {@code checkpoint} (none if the file is absent). */
    public LeaderEpochFileCache(LeaderEpochCheckpointFile checkpoint) throws IOException {
        this.checkpoint = checkpoint;
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
        lock.writeLock().lock();
        try {
            if (assignUnflushed(epoch, startOffset)) {
                flush();
            }
        } finally {
            lock.writeLock().unlock();
        }
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
        lock.writeLock().lock();
        try {
            if (epochs.values().removeIf(e -> e.startOffset() >= endOffset)) {
                flush();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops entries wholly before {@code startOffset} (the log start moved there); the entry whose
     * epoch covers {@code startOffset} is kept, starting at {@code startOffset}.
     */
    public void truncateFromStart(long startOffset) {
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
                flush();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every entry. */
    public void clear() {
        lock.writeLock().lock();
        try {
            epochs.clear();
            flush();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public List<EpochEntry> entries() {
        lock.readLock().lock();
        try {
            return List.copyOf(epochs.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    private void flush() {
        try {
            checkpoint.write(new ArrayList<>(epochs.values()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + checkpoint.file(), e);
        }
    }
}
