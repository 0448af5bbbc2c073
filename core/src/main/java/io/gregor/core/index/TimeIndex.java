package io.gregor.core.index;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The {@code .timeindex} file of a segment: 12-byte entries (timestamp int64, offset relative to the
 * base offset as int32). Timestamps strictly increase from entry to entry and offsets never
 * decrease; an entry (t, o) says that records from offset o on are where timestamps above t may
 * start. Thread safety as in {@link AbstractIndex}.
 */
public final class TimeIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 12;

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /** With {@code empty}, ignores what the file holds and starts without entries (see {@link LazyIndex}). */
    TimeIndex(Path file, long baseOffset, int maxIndexSize, boolean empty) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, empty);
    }

    @Override
    protected long keyAt(MappedByteBuffer buf, int n) {
        return buf.getLong(n * ENTRY_SIZE);
    }

    private TimestampOffset entryAt(MappedByteBuffer buf, int n) {
        return new TimestampOffset(buf.getLong(n * ENTRY_SIZE), baseOffset + buf.getInt(n * ENTRY_SIZE + 8));
    }

    public TimestampOffset entry(int n) {
        if (n < 0 || n >= entries()) {
            throw new IndexOutOfBoundsException("slot " + n + " of " + entries() + " in " + file());
        }
        return entryAt(buffer(), n);
    }

    /** The last entry, or (-1, base offset) when the index is empty. */
    public TimestampOffset lastEntry() {
        int count = entries();
        return count == 0 ? new TimestampOffset(-1L, baseOffset) : entryAt(buffer(), count - 1);
    }

    /**
     * The entry with the largest timestamp at most {@code targetTimestamp}, or (-1, base offset) when
     * there is none: the offset from which to scan for the first record at or after the target.
     */
    public TimestampOffset lookup(long targetTimestamp) {
        MappedByteBuffer buf = buffer();
        int count = entries();
        int slot = largestLowerBoundSlot(buf, count, targetTimestamp);
        return slot < 0 ? new TimestampOffset(-1L, baseOffset) : entryAt(buf, slot);
    }

    /**
     * Adds (timestamp, offset) when the timestamp is above the last entry's; otherwise does nothing.
     * With {@code skipFullCheck} the entry may take the slot reserved for the final entry of a
     * segment that stops being active; if even that slot is taken, nothing is added.
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        lock.lock();
        try {
            int count = entries();
            if (count >= maxEntries()) {
                if (skipFullCheck) {
                    return;
                }
                throw new IllegalStateException("time index " + file() + " is full (" + count + " entries)");
            }
            if (!skipFullCheck && isFull()) {
                throw new IllegalStateException("time index " + file() + " is full (" + count + " entries)");
            }
            if (count > 0) {
                TimestampOffset last = entryAt(buffer(), count - 1);
                if (offset < last.offset()) {
                    throw new IllegalArgumentException("time index entry offset " + offset
                            + " is below the last entry's " + last.offset() + " in " + file());
                }
                if (timestamp <= last.timestamp()) {
                    return;
                }
            }
            if (timestamp < 0) {
                return;
            }
            MappedByteBuffer buf = buffer();
            buf.putLong(count * ENTRY_SIZE, timestamp);
            buf.putInt(count * ENTRY_SIZE + 8, relativeOffset(offset));
            setEntries(count + 1);
        } finally {
            lock.unlock();
        }
    }

    /** Full one slot early: the last slot is kept for the entry written when the segment stops being active. */
    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    @Override
    protected long offsetAt(MappedByteBuffer buf, int n) {
        return baseOffset + buf.getInt(n * ENTRY_SIZE + 8);
    }

    @Override
    public void sanityCheck() {
        MappedByteBuffer buf = buffer();
        int count = entries();
        long previousTimestamp = Long.MIN_VALUE;
        long previousOffset = baseOffset;
        for (int n = 0; n < count; n++) {
            TimestampOffset e = entryAt(buf, n);
            if (e.timestamp() <= previousTimestamp || e.offset() < previousOffset) {
                throw new CorruptIndexException("time index " + file() + " is corrupt: entry " + n + " " + e
                        + " after timestamp " + previousTimestamp + " offset " + previousOffset + " (base offset "
                        + baseOffset + ")");
            }
            previousTimestamp = e.timestamp();
            previousOffset = e.offset();
        }
    }
}
