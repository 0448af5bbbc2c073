package io.gregor.core.log;

import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Records;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Record batches in a file, or a slice {@code [start, start + size)} of one. The whole-file instance
 * is the {@code .log} of a segment: one writer appends at the end; any number of readers read
 * concurrently through positional reads, and see only bytes whose append has completed (the size
 * is volatile and grows after the write). A slice is what a fetch returns: the network layer sends
 * it with {@link FileChannel#transferTo} through {@link #writeTo}, without copying it into the heap.
 */
public final class FileRecords implements Records, Closeable {
    private volatile Path file;
    private final FileChannel channel;
    private final int start;
    private final boolean isSlice;
    private volatile int size; // whole file: written by the single appender; slice: fixed

    private FileRecords(Path file, FileChannel channel, int start, int size, boolean isSlice) {
        this.file = file;
        this.channel = channel;
        this.start = start;
        this.size = size;
        this.isSlice = isSlice;
    }

    /** Opens (creating if needed) {@code file} for reading and appending; the size is the file's length. */
    public static FileRecords open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long length = channel.size();
        if (length > Integer.MAX_VALUE) {
            channel.close();
            throw new IOException("segment file " + file + " is " + length + " bytes, above the 2 GiB limit");
        }
        return new FileRecords(file, channel, 0, (int) length, false);
    }

    public Path file() {
        return file;
    }

    /** The channel of the underlying file (shared by all slices of it). */
    public FileChannel channel() {
        return channel;
    }

    /** Where these records start in the file. */
    public int position() {
        return start;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    public boolean isSlice() {
        return isSlice;
    }

    /** Appends all of {@code records} at the end of the file; returns the bytes written. */
    public int append(MemoryRecords records) throws IOException {
        if (isSlice) {
            throw new IllegalStateException("cannot append to a slice of " + file);
        }
        int length = records.sizeInBytes();
        if ((long) size + length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("appending " + length + " bytes to " + file + " of " + size
                    + " bytes would pass the 2 GiB limit");
        }
        ByteBuffer buf = records.buffer();
        long at = size;
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
        size = (int) at;
        return length;
    }

    /** Forces the file's content to disk. */
    public void flush() throws IOException {
        channel.force(true);
    }

    /**
     * A view of {@code size} bytes from {@code position} (relative to this instance's start), cut to
     * what the file holds now. The view is fixed in size; it does not grow with later appends.
     */
    public FileRecords slice(int position, int size) {
        int current = sizeInBytes();
        if (position < 0 || position > current || size < 0) {
            throw new IllegalArgumentException("slice(" + position + ", " + size + ") outside " + current
                    + " bytes of " + file);
        }
        int end = (int) Math.min((long) position + size, current);
        return new FileRecords(file, channel, start + position, end - position, true);
    }

    @Override
    public long writeTo(WritableByteChannel destination, long position, int length) throws IOException {
        long available = Math.min(length, size - position);
        if (available <= 0) {
            return 0;
        }
        return channel.transferTo(start + position, available, destination);
    }

    /** Reads {@code dst.remaining()} bytes at {@code position} (relative to this instance's start). */
    public void readFully(ByteBuffer dst, int position) throws IOException {
        long at = (long) start + position;
        while (dst.hasRemaining()) {
            int read = channel.read(dst, at);
            if (read < 0) {
                throw new EOFException("end of " + file + " at " + at + " with " + dst.remaining() + " bytes to read");
            }
            at += read;
        }
    }

    /**
     * The batches from {@code position} on, each read by its header only. Iteration ends quietly at
     * a tail too short for a whole batch (a torn write); a length field smaller than a batch header
     * raises {@link CorruptRecordException}.
     */
    public Iterable<FileBatch> batchesFrom(int position) {
        return batchesFrom(position, 0);
    }

    /**
     * As {@link #batchesFrom(int)}, reading {@code readAheadBytes} at a time and taking the headers
     * from what was read, for a scan of many small batches (a producer state rebuild) that would
     * otherwise make one read a header.
     */
    public Iterable<FileBatch> batchesFrom(int position, int readAheadBytes) {
        return () -> new Iterator<>() {
            private int next = position;
            private FileBatch peeked;
            private ByteBuffer ahead; // bytes read ahead, from aheadStart on; null until the first read
            private int aheadStart;

            @Override
            public boolean hasNext() {
                if (peeked == null) {
                    peeked = readAheadBytes <= RecordBatch.HEADER_SIZE ? readBatchAt(next) : readBatchAhead();
                }
                return peeked != null;
            }

            private FileBatch readBatchAhead() {
                int limit = sizeInBytes();
                if (limit - next < RecordBatch.HEADER_SIZE) {
                    return null;
                }
                if (ahead == null || next < aheadStart || next + RecordBatch.HEADER_SIZE > aheadStart + ahead.limit()) {
                    ahead = ByteBuffer.allocate(Math.min(readAheadBytes, limit - next));
                    try {
                        readFully(ahead, next);
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading batch headers at " + next + " of " + file, e);
                    }
                    ahead.flip();
                    aheadStart = next;
                }
                return batchAt(next, ahead.slice(next - aheadStart, RecordBatch.HEADER_SIZE), limit);
            }

            @Override
            public FileBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                FileBatch batch = peeked;
                peeked = null;
                next = batch.position() + batch.sizeInBytes();
                return batch;
            }
        };
    }

    public Iterable<FileBatch> batches() {
        return batchesFrom(0);
    }

    /**
     * The whole batches from the start, loaded, read {@code chunkBytes} (or one larger batch) at a
     * time rather than two reads a batch: what recovery, which validates every byte, reads with.
     * Ends as {@link #batches()} does: quietly at a tail too short for a whole batch, with
     * {@link CorruptRecordException} at a length field smaller than a batch header. Each batch
     * keeps its own bytes (a chunk is never reused).
     */
    public Iterable<RecordBatch> loadedBatches(int chunkBytes) {
        return () -> new Iterator<>() {
            private ByteBuffer chunk = ByteBuffer.allocate(0);
            private int chunkStart; // the position in this file of the chunk's first byte
            private RecordBatch peeked;

            @Override
            public boolean hasNext() {
                if (peeked == null) {
                    peeked = nextBatch();
                }
                return peeked != null;
            }

            @Override
            public RecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RecordBatch batch = peeked;
                peeked = null;
                chunk.position(chunk.position() + batch.sizeInBytes());
                return batch;
            }

            private RecordBatch nextBatch() {
                int position = chunkStart + chunk.position();
                int limit = sizeInBytes();
                if (limit - position < RecordBatch.HEADER_SIZE) {
                    return null;
                }
                if (chunk.remaining() < RecordBatch.HEADER_SIZE) {
                    readChunk(position, Math.min(Math.max(chunkBytes, RecordBatch.HEADER_SIZE), limit - position));
                }
                int batchSize = batchSize(chunk, chunk.position(), position);
                if (batchSize > limit - position) {
                    return null;
                }
                if (batchSize > chunk.remaining()) {
                    readChunk(position, Math.min(Math.max(chunkBytes, batchSize), limit - position));
                }
                return new RecordBatch(chunk);
            }

            private void readChunk(int position, int length) {
                ByteBuffer read = ByteBuffer.allocate(length);
                try {
                    readFully(read, position);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + length + " bytes at " + position + " of " + file, e);
                }
                read.flip();
                chunk = read;
                chunkStart = position;
            }
        };
    }

    private FileBatch readBatchAt(int position) {
        int limit = sizeInBytes();
        if (limit - position < RecordBatch.HEADER_SIZE) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(RecordBatch.HEADER_SIZE);
        try {
            readFully(header, position);
        } catch (IOException e) {
            throw new UncheckedIOException("reading batch header at " + position + " of " + file, e);
        }
        header.flip();
        return batchAt(position, header, limit);
    }

    /**
     * The size of the batch whose header starts at {@code index} of {@code buffer} (at {@code position}
     * in this file), from its length field; a size below a batch header's is corruption.
     */
    private int batchSize(ByteBuffer buffer, int index, int position) {
        int batchSize = buffer.getInt(index + RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
        if (batchSize < RecordBatch.HEADER_SIZE) {
            throw new CorruptRecordException("batch at position " + position + " of " + file + " has size "
                    + batchSize + ", below the header size " + RecordBatch.HEADER_SIZE);
        }
        return batchSize;
    }

    /** The batch whose {@code HEADER_SIZE} header bytes are {@code header}, or null if the file ends inside it. */
    private FileBatch batchAt(int position, ByteBuffer header, int limit) {
        int batchSize = batchSize(header, 0, position);
        if (batchSize > limit - position) {
            return null;
        }
        return new FileBatch(this, position, batchSize, header);
    }

    /**
     * The first batch from {@code startingPosition} on whose last offset is at least
     * {@code targetOffset}, or null when there is none.
     */
    public FileBatch searchForOffset(int startingPosition, long targetOffset) {
        for (FileBatch batch : batchesFrom(startingPosition)) {
            if (batch.lastOffset() >= targetOffset) {
                return batch;
            }
        }
        return null;
    }

    /** Cuts the file to {@code targetSize} bytes; returns the bytes removed. */
    public int truncateTo(int targetSize) throws IOException {
        if (isSlice) {
            throw new IllegalStateException("cannot truncate a slice of " + file);
        }
        int current = sizeInBytes();
        if (targetSize < 0 || targetSize > current) {
            throw new IllegalArgumentException("cannot truncate " + file + " of " + current + " bytes to " + targetSize);
        }
        if (targetSize < current) {
            channel.truncate(targetSize);
            size = targetSize;
        }
        return current - targetSize;
    }

    /** Renames the underlying file; the open channel keeps working. */
    public void renameTo(Path target) throws IOException {
        Files.move(file, target);
        file = target;
    }

    @Override
    public void close() throws IOException {
        if (!isSlice) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "FileRecords(" + file + ", start=" + start + ", size=" + size + ")";
    }
}
