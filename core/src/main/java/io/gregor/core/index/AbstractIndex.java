package io.gregor.core.index;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A sparse index of fixed-size entries in a memory-mapped file, sorted by offset, as Kafka keeps
 * next to each log segment. A new file is preallocated to the maximum size; {@link #trimToValidSize()}
 * cuts it to the entries in use when the segment stops being active, and {@link #resize(int)} grows it
 * again when a segment becomes active after a restart.
 *
 * <p>Thread safety: mutations (append, truncate, resize, close) are serialized by an internal lock
 * and are made by the single appender of a partition; lookups read a volatile snapshot of the
 * mapping and the entry count without locking. An entry is written before the count that exposes it.
 */
public abstract sealed class AbstractIndex permits OffsetIndex, TimeIndex {
    protected final long baseOffset;
    private final int entrySize;
    protected final ReentrantLock lock = new ReentrantLock();

    private volatile Path file;
    private volatile MappedByteBuffer mmap; // replaced on resize; readers take the current one
    private volatile int entries;
    private volatile int maxEntries;

    /**
     * Opens {@code file}: an existing non-empty file is mapped at its current length and its whole
     * content counts as entries (call {@link #sanityCheck()} before trusting it); a missing or empty
     * file is created at {@code maxIndexSize} rounded down to a whole number of entries.
     */
    protected AbstractIndex(Path file, long baseOffset, int maxIndexSize, int entrySize) throws IOException {
        this(file, baseOffset, maxIndexSize, entrySize, false);
    }

    /**
     * As {@link #AbstractIndex(Path, long, int, int)}; with {@code empty} the file's content is
     * ignored: the index starts with no entries in a file of {@code maxIndexSize} (rounded down to
     * whole entries), as {@link LazyIndex} opens an index it knows to hold none.
     */
    protected AbstractIndex(Path file, long baseOffset, int maxIndexSize, int entrySize, boolean empty)
            throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        boolean fresh = empty || !Files.exists(file) || Files.size(file) == 0;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (fresh && raf.length() != roundDown(maxIndexSize)) {
                raf.setLength(roundDown(maxIndexSize));
            }
            long length = raf.length();
            this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
            this.maxEntries = (int) (length / entrySize);
            this.entries = fresh ? 0 : (int) (length / entrySize);
            if (!fresh && length % entrySize != 0) {
                throw new CorruptIndexException("index file " + file + " has size " + length
                        + ", not a multiple of the entry size " + entrySize);
            }
        }
    }

    private int roundDown(int size) {
        return roundDown(size, entrySize);
    }

    /** {@code size} rounded down to whole entries of {@code entrySize} bytes (never negative). */
    static int roundDown(int size, int entrySize) {
        return Math.max(0, size - size % entrySize);
    }

    public Path file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int entries() {
        return entries;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public boolean isFull() {
        return entries >= maxEntries;
    }

    /** Bytes of the file in use by entries. */
    public int sizeInBytes() {
        return entries * entrySize;
    }

    protected MappedByteBuffer buffer() {
        return mmap;
    }

    protected int entrySize() {
        return entrySize;
    }

    /** Makes {@code count} entries visible; called by subclasses after writing an entry, under the lock. */
    protected void setEntries(int count) {
        this.entries = count;
    }

    protected int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " cannot be stored relative to base offset "
                    + baseOffset + " in " + file);
        }
        return (int) relative;
    }

    /**
     * Binary search over the first {@code count} entries of {@code buf} for the last entry whose key
     * is at most {@code target}; -1 when every entry is larger or there is none.
     */
    protected int largestLowerBoundSlot(MappedByteBuffer buf, int count, long target) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long key = keyAt(buf, mid);
            if (key <= target) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The search key (absolute offset or timestamp) of slot {@code n}. */
    protected abstract long keyAt(MappedByteBuffer buf, int n);

    /** The absolute offset stored in slot {@code n}. */
    protected abstract long offsetAt(MappedByteBuffer buf, int n);

    /** Checks the entries loaded from disk; throws {@link CorruptIndexException} naming the file when wrong. */
    public abstract void sanityCheck();

    /** Removes every entry whose offset is at or after {@code offset} (entry offsets never decrease). */
    public void truncateTo(long offset) {
        lock.lock();
        try {
            MappedByteBuffer buf = mmap;
            int keep = entries;
            while (keep > 0 && offsetAt(buf, keep - 1) >= offset) {
                keep--;
            }
            setEntries(keep);
        } finally {
            lock.unlock();
        }
    }

    /** Removes all entries. */
    public void reset() {
        lock.lock();
        try {
            setEntries(0);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the file length (rounded down to whole entries, never below the entries in use) and
     * remaps it. Returns true if the length changed.
     */
    public boolean resize(int newSize) {
        lock.lock();
        try {
            int rounded = Math.max(roundDown(newSize), entries * entrySize);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                if (raf.length() == rounded) {
                    return false;
                }
                raf.setLength(rounded);
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, rounded);
                maxEntries = rounded / entrySize;
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("resizing index " + file + " to " + newSize + " bytes", e);
        } finally {
            lock.unlock();
        }
    }

    /** Cuts the file to the entries in use; the index is then full until resized. */
    public void trimToValidSize() {
        resize(entries * entrySize);
    }

    /** Writes the mapped pages to disk. */
    public void flush() {
        lock.lock();
        try {
            mmap.force();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Trims the file to the entries in use. Durability comes from {@link #flush()}, which the log's
     * flush calls; the mapping itself is released by the garbage collector.
     */
    public void close() {
        trimToValidSize();
    }

    /** Renames the file (the mapping stays valid). */
    public void renameTo(Path target) throws IOException {
        lock.lock();
        try {
            if (Files.exists(file)) {
                Files.move(file, target);
            }
            file = target;
        } finally {
            lock.unlock();
        }
    }

    public void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + file + ", entries=" + entries + "/" + maxEntries + ")";
    }
}
