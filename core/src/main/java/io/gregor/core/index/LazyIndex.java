package io.gregor.core.index;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An offset or time index that is opened and memory-mapped only when first used, as Kafka's
 * {@code LazyIndex} defers it: a partition that never received data, and a segment that is never
 * read, map nothing. Until then the index is only its file's name and what is known of the file:
 * either it holds {@code fileLength / entrySize} entries (an index trimmed when its segment stopped
 * being active), or it is known to hold none (created fresh, found empty, or {@link #reset()}), whatever
 * bytes the file has. Renames, deletion, trimming, resizing an empty index, reset and flush work on
 * an unloaded index without loading it; anything that reads or writes entries loads it through
 * {@link #get()}.
 *
 * <p>An index with entries is checked ({@link AbstractIndex#sanityCheck()}) when it is loaded; one
 * that fails is logged, emptied and trimmed, so lookups scan its segment from the start (an index
 * is only a hint) until the segment is recovered. Kafka loads it unchecked.
 *
 * <p>Thread safety: loading and every change of the unloaded state hold an internal lock; once
 * loaded, {@link #get()} returns the index without locking, and the index's own lock-free reads
 * apply.
 */
public final class LazyIndex<T extends AbstractIndex> {
    private static final Logger log = LoggerFactory.getLogger(LazyIndex.class);

    /** The two kinds of sparse index kept beside a segment. */
    public enum Kind {
        OFFSET(OffsetIndex.ENTRY_SIZE, 0),
        /** A time index is full one slot early: the last is kept for the final entry of its segment. */
        TIME(TimeIndex.ENTRY_SIZE, 1);

        private final int entrySize;
        private final int reservedSlots;

        Kind(int entrySize, int reservedSlots) {
            this.entrySize = entrySize;
            this.reservedSlots = reservedSlots;
        }

        AbstractIndex open(Path file, long baseOffset, int maxIndexSize, boolean empty) throws IOException {
            return this == OFFSET ? new OffsetIndex(file, baseOffset, maxIndexSize, empty)
                    : new TimeIndex(file, baseOffset, maxIndexSize, empty);
        }
    }

    private final Kind kind;
    private final long baseOffset;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile T index; // null until loaded; set once, under lock
    private volatile Path file; // the file while unloaded; written under lock
    private boolean empty; // guarded by lock: unloaded and holding no entries, whatever the file holds
    private long fileLength; // guarded by lock: the file's length while unloaded (0 when missing)
    private int maxIndexSize; // guarded by lock: the length an empty index gets when loaded
    private volatile String corruption; // why the index was emptied when loaded; null if it was not

    private LazyIndex(Kind kind, Path file, long baseOffset, int maxIndexSize, boolean empty, long fileLength) {
        this.kind = kind;
        this.file = file;
        this.baseOffset = baseOffset;
        this.maxIndexSize = maxIndexSize;
        this.empty = empty;
        this.fileLength = fileLength;
    }

    /** The {@code .index} of the segment at {@code baseOffset}; see {@link #open}. */
    @SuppressWarnings("unchecked")
    public static LazyIndex<OffsetIndex> forOffset(Path file, long baseOffset, int maxIndexSize) throws IOException {
        return (LazyIndex<OffsetIndex>) open(Kind.OFFSET, file, baseOffset, maxIndexSize);
    }

    /** The {@code .timeindex} of the segment at {@code baseOffset}; see {@link #open}. */
    @SuppressWarnings("unchecked")
    public static LazyIndex<TimeIndex> forTime(Path file, long baseOffset, int maxIndexSize) throws IOException {
        return (LazyIndex<TimeIndex>) open(Kind.TIME, file, baseOffset, maxIndexSize);
    }

    /**
     * Looks at {@code file} without opening it: a missing file is created at {@code maxIndexSize}
     * (rounded down to whole entries; sparse, not mapped), as Kafka preallocates a new segment's
     * index; an empty one is left as it is; a non-empty one must be whole entries
     * ({@link CorruptIndexException} otherwise), all of which count.
     */
    private static LazyIndex<?> open(Kind kind, Path file, long baseOffset, int maxIndexSize) throws IOException {
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            length = AbstractIndex.roundDown(maxIndexSize, kind.entrySize);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(length);
            }
            return new LazyIndex<>(kind, file, baseOffset, maxIndexSize, true, length);
        }
        if (length % kind.entrySize != 0) {
            throw new CorruptIndexException("index file " + file + " has size " + length
                    + ", not a multiple of the entry size " + kind.entrySize);
        }
        return new LazyIndex<>(kind, file, baseOffset, maxIndexSize, length == 0, length);
    }

    /** The index, opened and mapped now if it was not yet. */
    public T get() {
        T loaded = index;
        return loaded != null ? loaded : load();
    }

    @SuppressWarnings("unchecked")
    private T load() {
        lock.lock();
        try {
            if (index != null) {
                return index;
            }
            T opened = (T) kind.open(file, baseOffset, maxIndexSize, empty);
            if (!empty) {
                try {
                    opened.sanityCheck();
                } catch (CorruptIndexException e) {
                    log.warn("Emptying index {}: {}; lookups in its segment scan from the start until the segment "
                            + "is recovered", file, e.getMessage());
                    corruption = e.getMessage();
                    opened = (T) kind.open(file, baseOffset, 0, true);
                }
            }
            index = opened;
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException("opening index " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Loads the index and checks its entries: {@link CorruptIndexException} if they fail the check,
     * now or when the index was loaded (it was emptied then).
     */
    public void sanityCheck() {
        T loaded = get();
        String found = corruption;
        if (found != null) {
            throw new CorruptIndexException(found);
        }
        loaded.sanityCheck();
    }

    /** True once the index is opened and its file mapped. */
    public boolean isLoaded() {
        return index != null;
    }

    /** True when the index is not loaded and known to hold no entries: a lookup would find none. */
    public boolean isUnloadedAndEmpty() {
        if (index != null) {
            return false;
        }
        lock.lock();
        try {
            return index == null && empty;
        } finally {
            lock.unlock();
        }
    }

    public Path file() {
        T loaded = index;
        return loaded != null ? loaded.file() : file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    /** The entries, known without loading. */
    public int entries() {
        T loaded = index;
        if (loaded != null) {
            return loaded.entries();
        }
        lock.lock();
        try {
            return index != null ? index.entries() : empty ? 0 : (int) (fileLength / kind.entrySize);
        } finally {
            lock.unlock();
        }
    }

    /** Whether an entry can be added; an empty index answers without loading. */
    public boolean isFull() {
        T loaded = index;
        if (loaded != null) {
            return loaded.isFull();
        }
        lock.lock();
        try {
            if (index == null && empty) {
                return AbstractIndex.roundDown(maxIndexSize, kind.entrySize) / kind.entrySize <= kind.reservedSlots;
            }
        } finally {
            lock.unlock();
        }
        return get().isFull();
    }

    /** Removes every entry at or above {@code offset}; an empty index has none and stays unloaded. */
    public void truncateTo(long offset) {
        if (!isUnloadedAndEmpty()) {
            get().truncateTo(offset);
        }
    }

    /** Removes all entries; an unloaded index only forgets its file's content (it stays unmapped). */
    public void reset() {
        lock.lock();
        try {
            if (index == null) {
                empty = true;
                return;
            }
        } finally {
            lock.unlock();
        }
        index.reset();
    }

    /**
     * Gives the index room for {@code newSize} bytes of entries; an empty unloaded index only
     * remembers the size for when it is loaded.
     */
    public void resize(int newSize) {
        lock.lock();
        try {
            if (index == null && empty) {
                maxIndexSize = newSize;
                return;
            }
        } finally {
            lock.unlock();
        }
        get().resize(newSize);
    }

    /**
     * Cuts the file to the entries in use. An unloaded index with entries is already cut so (it was
     * trimmed when its segment stopped being active); an empty one has its file cut to nothing.
     */
    public void trimToValidSize() {
        lock.lock();
        try {
            if (index == null) {
                if (empty && fileLength != 0) {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                        raf.setLength(0);
                    }
                    fileLength = 0;
                }
                maxIndexSize = 0;
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("trimming index " + file, e);
        } finally {
            lock.unlock();
        }
        index.trimToValidSize();
    }

    /** Writes the mapped pages to disk; an unloaded index has nothing written since it was opened. */
    public void flush() {
        T loaded = index;
        if (loaded != null) {
            loaded.flush();
        }
    }

    /** Trims the file to the entries in use (see {@link #trimToValidSize()}); nothing stays open. */
    public void close() {
        trimToValidSize();
    }

    /** Renames the file, loaded or not. */
    public void renameTo(Path target) throws IOException {
        lock.lock();
        try {
            if (index == null) {
                if (Files.exists(file)) {
                    Files.move(file, target);
                }
                file = target;
                return;
            }
        } finally {
            lock.unlock();
        }
        index.renameTo(target);
    }

    public void deleteIfExists() throws IOException {
        Files.deleteIfExists(file());
    }

    @Override
    public String toString() {
        T loaded = index;
        return loaded != null ? loaded.toString() : "LazyIndex(" + file + ", unloaded, entries=" + entries() + ")";
    }
}
