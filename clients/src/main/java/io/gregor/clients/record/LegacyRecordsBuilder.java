package io.gregor.clients.record;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Builds a message set of format v0 or v1, byte for byte as Kafka's builder does: uncompressed,
 * one log entry per record with its absolute offset; compressed, one wrapper entry (offset = the
 * last record's, null key, v1 timestamp = the largest record timestamp or the log append time)
 * whose value holds the compressed inner entries, their offsets relative to the base offset in v1
 * and absolute in v0. For LogAppendTime every record carries the log append time. Layouts: see
 * {@link LegacyRecord} and {@link LegacyRecordBatch}.
 *
 * <p>Single use, not thread safe. After {@link #build()} no more records can be appended.
 */
public final class LegacyRecordsBuilder {
    private final byte magic;
    private final Compression compression;
    private final TimestampType timestampType;
    private final long baseOffset;
    private final long logAppendTime;
    private final GrowableBuffer out;    // entries, or the wrapper header placeholder then compressed inner entries
    private final OutputStream inner;    // null when uncompressed
    private final GrowableBuffer scratch; // one inner entry at a time (compressed only)
    private final byte recordAttributes;
    private int numRecords;
    private long lastOffset = -1;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private MemoryRecords built;

    /**
     * @param magic         0 or 1
     * @param compression   none, gzip, snappy or lz4 (zstd does not exist before magic 2)
     * @param logAppendTime stamped on every record of a LogAppendTime set (ignored for CreateTime)
     */
    public LegacyRecordsBuilder(byte magic, Compression compression, TimestampType timestampType, long baseOffset,
                                long logAppendTime) {
        LegacyRecord.recordOverhead(magic); // refuses a magic that is not 0 or 1
        if (compression.type() == CompressionType.ZSTD) {
            throw new IllegalArgumentException("zstd is not supported by message format v" + magic);
        }
        this.magic = magic;
        this.compression = compression;
        this.timestampType = timestampType;
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
        this.recordAttributes = LegacyRecord.attributes(magic, CompressionType.NONE, timestampType);
        this.out = new GrowableBuffer(1024);
        if (compression.type() == CompressionType.NONE) {
            this.inner = null;
            this.scratch = null;
        } else {
            this.out.size = LegacyRecordBatch.LOG_OVERHEAD + LegacyRecord.recordOverhead(magic);
            this.inner = CompressionStreams.wrapForOutput(compression, out, magic);
            this.scratch = new GrowableBuffer(256);
        }
    }

    /** Appends at the next offset (the base offset first); returns that offset. */
    public long append(long timestamp, ByteBuffer key, ByteBuffer value) {
        long offset = lastOffset < 0 ? baseOffset : lastOffset + 1;
        appendWithOffset(offset, timestamp, key, value);
        return offset;
    }

    /** Appends at {@code offset}, above every offset so far and not below the base offset. Key and value may be null. */
    public void appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value) {
        if (built != null) {
            throw new IllegalStateException("message set already built");
        }
        if (offset <= lastOffset || offset < baseOffset) {
            throw new IllegalArgumentException("offset " + offset + " is not above the last offset " + lastOffset
                    + " and at least the base offset " + baseOffset);
        }
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("invalid negative timestamp " + timestamp);
        }
        long stamped = timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : timestamp;
        if (inner == null) {
            writeEntry(out, offset, stamped, key, value);
        } else {
            scratch.size = 0;
            // v1 inner offsets count from the base offset; v0 inner offsets are absolute
            writeEntry(scratch, magic > LegacyRecord.MAGIC_V0 ? offset - baseOffset : offset, stamped, key, value);
            try {
                inner.write(scratch.array, 0, scratch.size);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + compression.type().configName + " stream", e);
            }
        }
        numRecords++;
        lastOffset = offset;
        if (magic > LegacyRecord.MAGIC_V0 && stamped > maxTimestamp) {
            maxTimestamp = stamped;
        }
    }

    private void writeEntry(GrowableBuffer to, long offset, long timestamp, ByteBuffer key, ByteBuffer value) {
        int start = to.size;
        to.ensureCapacity(LegacyRecordBatch.LOG_OVERHEAD);
        to.size += LegacyRecordBatch.LOG_OVERHEAD;
        int size = LegacyRecord.write(to, magic, recordAttributes, timestamp, key, value);
        ByteBuffer header = ByteBuffer.wrap(to.array, start, LegacyRecordBatch.LOG_OVERHEAD).slice();
        header.putLong(LegacyRecordBatch.OFFSET_OFFSET, offset);
        header.putInt(LegacyRecordBatch.SIZE_OFFSET, size);
    }

    /** Finishes the message set; with no records appended it is {@link MemoryRecords#EMPTY}. */
    public MemoryRecords build() {
        if (built != null) {
            return built;
        }
        if (inner != null) {
            try {
                inner.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish " + compression.type().configName + " stream", e);
            }
        }
        if (numRecords == 0) {
            built = MemoryRecords.EMPTY;
            return built;
        }
        if (inner != null) {
            writeWrapperHeader();
        }
        built = MemoryRecords.readableRecords(ByteBuffer.wrap(out.array, 0, out.size));
        return built;
    }

    private void writeWrapperHeader() {
        int messageSize = out.size - LegacyRecordBatch.LOG_OVERHEAD;
        ByteBuffer entry = ByteBuffer.wrap(out.array, 0, out.size);
        entry.putLong(LegacyRecordBatch.OFFSET_OFFSET, lastOffset);
        entry.putInt(LegacyRecordBatch.SIZE_OFFSET, messageSize);
        ByteBuffer message = entry.slice(LegacyRecordBatch.RECORD_OFFSET, messageSize);
        message.put(LegacyRecord.MAGIC_OFFSET, magic);
        message.put(LegacyRecord.ATTRIBUTES_OFFSET, LegacyRecord.attributes(magic, compression.type(), timestampType));
        if (magic > LegacyRecord.MAGIC_V0) {
            message.putLong(LegacyRecord.TIMESTAMP_OFFSET,
                    timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : maxTimestamp);
        }
        int keySizeOffset = LegacyRecord.keyOffset(magic) - LegacyRecord.KEY_SIZE_LENGTH;
        message.putInt(keySizeOffset, -1); // a wrapper has no key
        message.putInt(keySizeOffset + LegacyRecord.KEY_SIZE_LENGTH, messageSize - LegacyRecord.recordOverhead(magic));
        CRC32 crc = new CRC32();
        crc.update(out.array, LegacyRecordBatch.RECORD_OFFSET + LegacyRecord.MAGIC_OFFSET,
                messageSize - LegacyRecord.MAGIC_OFFSET);
        message.putInt(LegacyRecord.CRC_OFFSET, (int) crc.getValue());
    }

    public int numRecords() {
        return numRecords;
    }

    public byte magic() {
        return magic;
    }
}
