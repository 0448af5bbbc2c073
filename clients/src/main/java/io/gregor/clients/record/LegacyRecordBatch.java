package io.gregor.clients.record;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One log entry of the legacy message formats v0/v1, as Kafka lays it out: an offset and a size
 * followed by one {@link LegacyRecord message}. An uncompressed entry holds one record; a
 * compressed entry holds a <em>wrapper</em> message whose value is the compressed bytes of inner
 * entries, and then the entry's offset is the offset of the last inner record. Shares content with
 * the buffer given to it; not thread safe.
 *
 * <h2>Wire layout of a log entry</h2>
 * <pre>
 * field     type    offset  length
 * offset    INT64        0       8   the record's offset; for a wrapper, its last inner record's
 * size      INT32        8       4   bytes of the message that follows
 * message               12       *   see {@link LegacyRecord}
 * </pre>
 * The first 12 bytes are the same as a batch v2's base offset and length ({@link RecordBatch#LOG_OVERHEAD}),
 * and the magic byte falls on the same position in both ({@link #MAGIC_OFFSET}), so a reader tells
 * the formats apart before it knows which one it holds.
 *
 * <h2>Inner entries of a compressed wrapper</h2>
 * Inner entries have the same layout. In v0 their offsets are absolute. In v1 they are relative:
 * 0 for the first, and the absolute offset of an inner record is the wrapper's offset minus the
 * last inner relative offset plus its own; a wrapper offset of 0 (some producers write it) means
 * the relative offsets are taken as they are. Inner records of a v1 wrapper whose timestamp type
 * is LogAppendTime take the wrapper's timestamp.
 */
public final class LegacyRecordBatch {
    public static final int OFFSET_OFFSET = 0;
    public static final int OFFSET_LENGTH = 8;
    public static final int SIZE_OFFSET = OFFSET_OFFSET + OFFSET_LENGTH;
    public static final int SIZE_LENGTH = 4;
    public static final int LOG_OVERHEAD = SIZE_OFFSET + SIZE_LENGTH;
    public static final int RECORD_OFFSET = LOG_OVERHEAD;
    /** Where the magic byte is in a log entry of any format. */
    public static final int MAGIC_OFFSET = RECORD_OFFSET + LegacyRecord.MAGIC_OFFSET;

    private final ByteBuffer buffer; // position 0 = the offset field, limit = the message end
    private final LegacyRecord record;

    /** A view of the entry starting at {@code buffer.position()}; the buffer must hold all of it. */
    public LegacyRecordBatch(ByteBuffer buffer) {
        int remaining = buffer.remaining();
        if (remaining < LOG_OVERHEAD + LegacyRecord.RECORD_OVERHEAD_V0) {
            throw new CorruptRecordException("legacy log entry of " + remaining + " bytes is shorter than the minimum "
                    + (LOG_OVERHEAD + LegacyRecord.RECORD_OVERHEAD_V0));
        }
        int size = buffer.getInt(buffer.position() + SIZE_OFFSET);
        if (size < LegacyRecord.RECORD_OVERHEAD_V0 || size > remaining - LOG_OVERHEAD) {
            throw new CorruptRecordException("legacy message size " + size + " is outside ["
                    + LegacyRecord.RECORD_OVERHEAD_V0 + ", " + (remaining - LOG_OVERHEAD) + "]");
        }
        this.buffer = buffer.slice(buffer.position(), LOG_OVERHEAD + size).order(ByteOrder.BIG_ENDIAN);
        this.record = new LegacyRecord(this.buffer.slice(RECORD_OFFSET, size));
    }

    /**
     * The magic of the entry or batch starting at {@code position}, or -1 when the buffer ends
     * before its magic byte.
     */
    public static int magicAt(ByteBuffer buffer, int position) {
        if (buffer.limit() - position <= MAGIC_OFFSET) {
            return -1;
        }
        return buffer.get(position + MAGIC_OFFSET);
    }

    /** The entries of a message set held in {@code buffer.position()..limit()}, in order. */
    public static Iterable<LegacyRecordBatch> entries(ByteBuffer buffer) {
        ByteBuffer all = buffer.slice();
        return () -> new Iterator<>() {
            private int position;

            @Override
            public boolean hasNext() {
                return position < all.limit();
            }

            @Override
            public LegacyRecordBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LegacyRecordBatch entry = new LegacyRecordBatch(all.duplicate().position(position));
                position += entry.sizeInBytes();
                return entry;
            }
        };
    }

    /** The entry bytes (a duplicate, position 0). */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    public int sizeInBytes() {
        return buffer.limit();
    }

    /** The entry's offset: its record's, or a wrapper's last inner record's. */
    public long offset() {
        return buffer.getLong(OFFSET_OFFSET);
    }

    public LegacyRecord record() {
        return record;
    }

    public byte magic() {
        return record.magic();
    }

    public CompressionType compressionType() {
        return record.compressionType();
    }

    public boolean isCompressed() {
        return record.isCompressed();
    }

    /** Checks the message's CRC: {@link CorruptRecordException} when it does not match. */
    public void ensureValid() {
        record.ensureValid();
    }

    /**
     * The records of this entry with absolute offsets, as Kafka's deep iteration gives them: the
     * entry's own record, or a wrapper's inner records (each CRC-checked; each of the wrapper's
     * magic and uncompressed, else {@link InvalidRecordException}). v0 records have no timestamp
     * ({@link RecordBatch#NO_TIMESTAMP}). Keys and values are views of this entry (uncompressed) or
     * of decompressed copies.
     *
     * @param maxDecompressedBytes the most bytes a wrapper's inner entries may take once
     *                             decompressed; more raises {@link InvalidRecordException}
     */
    public List<Record> records(int maxDecompressedBytes) {
        if (!record.isCompressed()) {
            return List.of(new Record(offset(), record.timestamp(), record.key(), record.value(), List.of()));
        }
        List<Long> innerOffsets = new ArrayList<>();
        List<LegacyRecord> inner = readInner(maxDecompressedBytes, innerOffsets);
        long base;
        if (magic() == LegacyRecord.MAGIC_V0) {
            base = 0;
        } else if (offset() == 0) {
            base = 0; // some producers leave the wrapper offset at 0: relative offsets stand as they are
        } else {
            long lastInner = innerOffsets.get(innerOffsets.size() - 1);
            if (offset() < lastInner) {
                throw new InvalidRecordException("wrapper offset " + offset() + " of a compressed v1 message set is below "
                        + "its last inner offset " + lastInner);
            }
            base = offset() - lastInner;
        }
        boolean wrapperTime = magic() > LegacyRecord.MAGIC_V0 && record.timestampType() == TimestampType.LOG_APPEND_TIME;
        List<Record> records = new ArrayList<>(inner.size());
        for (int i = 0; i < inner.size(); i++) {
            LegacyRecord r = inner.get(i);
            long timestamp = wrapperTime ? record.timestamp() : r.timestamp();
            records.add(new Record(base + innerOffsets.get(i), timestamp, r.key(), r.value(), List.of()));
        }
        return records;
    }

    private List<LegacyRecord> readInner(int maxDecompressedBytes, List<Long> offsets) {
        ByteBuffer value = record.value();
        if (value == null) {
            throw new InvalidRecordException("compressed v" + magic() + " message set has a null value");
        }
        if (compressionType() == CompressionType.ZSTD) {
            throw new InvalidRecordException("zstd is not a codec of message format v" + magic());
        }
        List<LegacyRecord> inner = new ArrayList<>();
        long total = 0;
        byte[] header = new byte[LOG_OVERHEAD];
        try (InputStream in = CompressionStreams.wrapForInput(compressionType(), value, magic())) {
            while (readFully(in, header, true)) {
                ByteBuffer h = ByteBuffer.wrap(header);
                long offset = h.getLong(OFFSET_OFFSET);
                int size = h.getInt(SIZE_OFFSET);
                total += LOG_OVERHEAD + (long) Math.max(0, size);
                if (size < LegacyRecord.RECORD_OVERHEAD_V0 || total > maxDecompressedBytes) {
                    throw new InvalidRecordException("inner message of " + size + " bytes in a compressed v" + magic()
                            + " message set is invalid or takes the set past " + maxDecompressedBytes + " bytes");
                }
                byte[] message = new byte[size];
                readFully(in, message, false);
                LegacyRecord r = new LegacyRecord(ByteBuffer.wrap(message));
                if (r.magic() != magic()) {
                    throw new InvalidRecordException("inner message magic " + r.magic() + " differs from its wrapper's "
                            + magic());
                }
                if (r.isCompressed()) {
                    throw new InvalidRecordException("inner message of a compressed message set is itself compressed");
                }
                r.ensureValid();
                inner.add(r);
                offsets.add(offset);
            }
        } catch (IOException e) {
            throw new InvalidRecordException("compressed v" + magic() + " message set does not decompress: " + e.getMessage(), e);
        }
        if (inner.isEmpty()) {
            throw new InvalidRecordException("compressed v" + magic() + " message set has no inner messages");
        }
        return inner;
    }

    /** Fills {@code b}; returns false if the stream ended before its first byte and {@code endAllowed}. */
    private static boolean readFully(InputStream in, byte[] b, boolean endAllowed) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                if (n == 0 && endAllowed) {
                    return false;
                }
                throw new EOFException("inner message set ends inside an entry");
            }
            n += r;
        }
        return true;
    }

    @Override
    public String toString() {
        return "LegacyRecordBatch(offset=" + offset() + ", size=" + sizeInBytes() + ", " + record + ")";
    }
}
