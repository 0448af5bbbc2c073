package io.gregor.clients.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A sequence of record batches held in memory, as a produce request or a fetch response carries
 * them. Iterating yields views over the buffer; nothing is copied or decoded.
 */
public final class MemoryRecords implements Records {
    public static final MemoryRecords EMPTY = new MemoryRecords(ByteBuffer.allocate(0));

    private final ByteBuffer buffer; // position..limit = the batches; never modified by this class

    private MemoryRecords(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    /** Wraps {@code buffer.position()..limit()} (the buffer's content is shared, not copied). */
    public static MemoryRecords readableRecords(ByteBuffer buffer) {
        return new MemoryRecords(buffer.slice());
    }

    /**
     * {@code records} in memory: the same object when it already is, else a heap copy of its bytes
     * (e.g. of a log file slice, for code that must decode it).
     *
     * @throws IOException when the bytes cannot be read, or fewer than its size are there
     */
    public static MemoryRecords copyOf(Records records) throws IOException {
        if (records instanceof MemoryRecords memory) {
            return memory;
        }
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        WritableByteChannel into = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                copy.put(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        while (copy.hasRemaining()) {
            if (records.writeTo(into, copy.position(), copy.remaining()) <= 0) {
                throw new IOException("records ended after " + copy.position() + " of " + copy.limit() + " bytes");
            }
        }
        return new MemoryRecords(copy.flip());
    }

    /** The batches of all {@code parts}, in order, copied into one buffer. */
    public static MemoryRecords concat(List<MemoryRecords> parts) {
        int size = 0;
        for (MemoryRecords part : parts) {
            size = Math.addExact(size, part.sizeInBytes());
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (MemoryRecords part : parts) {
            all.put(part.buffer());
        }
        return new MemoryRecords(all.flip());
    }

    /** The batches of all {@code parts}, in order, copied into one buffer. */
    public static MemoryRecords concat(MemoryRecords... parts) {
        return concat(List.of(parts));
    }

    @Override
    public int sizeInBytes() {
        return buffer.remaining();
    }

    @Override
    public long writeTo(WritableByteChannel channel, long position, int length) throws IOException {
        int start = buffer.position() + Math.toIntExact(position);
        int end = Math.min(buffer.limit(), start + length);
        return channel.write(buffer.duplicate().limit(end).position(start));
    }

    /** A duplicate of the underlying bytes, position 0. */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    /**
     * The batches, in order. A batch whose length runs past the end of the buffer, or a tail too
     * short to hold a batch header, raises {@link CorruptRecordException} when reached.
     */
    public Iterable<RecordBatch> batches() {
        return () -> new Iterator<>() {
            private int position = buffer.position();

            @Override
            public boolean hasNext() {
                return position < buffer.limit();
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RecordBatch batch = new RecordBatch(buffer.duplicate().position(position));
                position += batch.sizeInBytes();
                return batch;
            }
        };
    }

    @Override
    public String toString() {
        return "MemoryRecords(" + sizeInBytes() + " bytes)";
    }
}
