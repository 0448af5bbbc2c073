package io.gregor.core.index;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The {@code .index} file of a segment: 8-byte entries (offset relative to the segment's base offset
 * as int32, file position as int32), strictly increasing in offset. Thread safety as in
 * {@link AbstractIndex}.
 */
public final class OffsetIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 8;

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /** With {@code empty}, ignores what the file holds and starts without entries (see {@link LazyIndex}). */
    OffsetIndex(Path file, long baseOffset, int maxIndexSize, boolean empty) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, empty);
    }

    @Override
    protected long keyAt(MappedByteBuffer buf, int n) {
        return baseOffset + buf.getInt(n * ENTRY_SIZE);
    }

    private OffsetPosition entryAt(MappedByteBuffer buf, int n) {
        return new OffsetPosition(baseOffset + buf.getInt(n * ENTRY_SIZE), buf.getInt(n * ENTRY_SIZE + 4));
    }

    /** The entry in slot {@code n}. */
    public OffsetPosition entry(int n) {
        if (n < 0 || n >= entries()) {
            throw new IndexOutOfBoundsException("slot " + n + " of " + entries() + " in " + file());
        }
        return entryAt(buffer(), n);
    }

    /** The last entry, or (base offset, 0) when the index is empty. */
    public OffsetPosition lastEntry() {
        int count = entries();
        return count == 0 ? new OffsetPosition(baseOffset, 0) : entryAt(buffer(), count - 1);
    }

    public long lastOffset() {
        return lastEntry().offset();
    }

    /**
     * The largest entry whose offset is at most {@code targetOffset}, or (base offset, 0) when there
     * is none: the file position from which to scan for the target.
     */
    public OffsetPosition lookup(long targetOffset) {
        MappedByteBuffer buf = buffer();
        int count = entries();
        int slot = largestLowerBoundSlot(buf, count, targetOffset);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : entryAt(buf, slot);
    }

    /** Adds an entry; its offset must be above the last entry's and the index must not be full. */
    public void append(long offset, int position) {
        lock.lock();
        try {
            int count = entries();
            if (count >= maxEntries()) {
                throw new IllegalStateException("offset index " + file() + " is full (" + count + " entries)");
            }
            if (count > 0 && offset <= lastOffset()) {
                throw new IllegalArgumentException("offset index entry for offset " + offset
                        + " is not above the last entry " + lastOffset() + " in " + file());
            }
            MappedByteBuffer buf = buffer();
            buf.putInt(count * ENTRY_SIZE, relativeOffset(offset));
            buf.putInt(count * ENTRY_SIZE + 4, position);
            setEntries(count + 1);
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected long offsetAt(MappedByteBuffer buf, int n) {
        return keyAt(buf, n);
    }

    @Override
    public void sanityCheck() {
        MappedByteBuffer buf = buffer();
        int count = entries();
        long previous = Long.MIN_VALUE;
        int previousPosition = -1;
        for (int n = 0; n < count; n++) {
            OffsetPosition e = entryAt(buf, n);
            if (e.offset() < baseOffset || e.offset() <= previous || e.position() < previousPosition
                    || e.position() < 0) {
                throw new CorruptIndexException("offset index " + file() + " is corrupt: entry " + n + " " + e
                        + " after offset " + previous + " position " + previousPosition + " (base offset "
                        + baseOffset + ")");
            }
            previous = e.offset();
            previousPosition = e.position();
        }
    }
}
