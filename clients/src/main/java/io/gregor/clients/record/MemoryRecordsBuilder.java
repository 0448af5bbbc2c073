package io.gregor.clients.record;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds one record batch v2 (magic 2), byte for byte as Kafka's builder lays it out: records are
 * appended (compressed as they go when a codec is set) and {@link #build()} writes the header
 * (base and max timestamp, last offset delta, count, attributes, producer fields) and the CRC32C.
 * The base timestamp is the first record's timestamp. For LogAppendTime the max timestamp is the
 * given log append time. Offsets must increase; {@link #append} takes the next one.
 *
 * <p>Single use, not thread safe. After {@code build()} no more records can be appended.
 */
public final class MemoryRecordsBuilder {
    private final Compression compression;
    private final TimestampType timestampType;
    private final long baseOffset;
    private final long logAppendTime;
    private final long producerId;
    private final short producerEpoch;
    private final int baseSequence;
    private final boolean transactional;
    private final boolean controlBatch;
    private final int partitionLeaderEpoch;

    private final GrowableBuffer out;     // header placeholder, then the (compressed) records
    private final OutputStream records;   // where record bytes go: out itself, or a compressor over it
    private final GrowableBuffer scratch = new GrowableBuffer(256);
    private int numRecords;
    private long lastOffset = -1;
    private long firstTimestamp = RecordBatch.NO_TIMESTAMP;
    private long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private long uncompressedRecordBytes;
    private MemoryRecords built;

    /**
     * @param logAppendTime the broker time stamped on a LogAppendTime batch (ignored for CreateTime)
     * @param producerId    {@link RecordBatch#NO_PRODUCER_ID} for a non-idempotent producer
     */
    public MemoryRecordsBuilder(Compression compression, TimestampType timestampType, long baseOffset, long logAppendTime,
                                long producerId, short producerEpoch, int baseSequence, boolean transactional,
                                boolean controlBatch, int partitionLeaderEpoch) {
        if (transactional && producerId == RecordBatch.NO_PRODUCER_ID) {
            throw new IllegalArgumentException("a transactional batch needs a producer id");
        }
        this.compression = compression;
        this.timestampType = timestampType;
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        this.transactional = transactional;
        this.controlBatch = controlBatch;
        this.partitionLeaderEpoch = partitionLeaderEpoch;
        this.out = new GrowableBuffer(1024);
        this.out.size = RecordBatch.HEADER_SIZE;
        this.records = CompressionStreams.wrapForOutput(compression, out);
    }

    /** A CreateTime batch without producer state. */
    public static MemoryRecordsBuilder builder(Compression compression, long baseOffset) {
        return builder(compression, TimestampType.CREATE_TIME, baseOffset);
    }

    /** A batch without producer state; LogAppendTime batches get no log append time (-1) until set by the broker. */
    public static MemoryRecordsBuilder builder(Compression compression, TimestampType timestampType, long baseOffset) {
        return new MemoryRecordsBuilder(compression, timestampType, baseOffset, RecordBatch.NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    /** Appends at the next offset; returns that offset. */
    public long append(long timestamp, byte[] key, byte[] value) {
        return append(timestamp, wrap(key), wrap(value), List.of());
    }

    /** Appends at the next offset; returns that offset. */
    public long append(long timestamp, byte[] key, byte[] value, List<Header> headers) {
        return append(timestamp, wrap(key), wrap(value), headers);
    }

    /** Appends at the next offset; returns that offset. Key and value may be null. */
    public long append(long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        long offset = lastOffset < 0 ? baseOffset : lastOffset + 1;
        appendWithOffset(offset, timestamp, key, value, headers);
        return offset;
    }

    /** Appends a decoded record at its own offset and with its own timestamp. */
    public void appendWithOffset(Record record) {
        appendWithOffset(record.offset(), record.timestamp(), record.key(), record.value(), record.headers());
    }

    /** Appends at {@code offset}, which must be above every offset appended so far and not below the base offset. */
    public void appendWithOffset(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        if (controlBatch) {
            throw new IllegalStateException("only control records can be appended to a control batch");
        }
        appendRecord(offset, timestamp, key, value, headers);
    }

    /** Appends a COMMIT or ABORT marker at the next offset; the batch must be a transactional control batch. */
    public long appendEndTxnMarker(long timestamp, EndTransactionMarker marker) {
        if (!controlBatch || !transactional) {
            throw new IllegalStateException("end transaction markers go only into transactional control batches");
        }
        long offset = lastOffset < 0 ? baseOffset : lastOffset + 1;
        appendRecord(offset, timestamp, marker.type().key(), marker.value(), List.of());
        return offset;
    }

    /** Appends a control record of the given type at the next offset; the batch must be a control batch. */
    public long appendControlRecord(long timestamp, ControlRecordType type, ByteBuffer value) {
        if (!controlBatch) {
            throw new IllegalStateException("control records go only into control batches");
        }
        long offset = lastOffset < 0 ? baseOffset : lastOffset + 1;
        appendRecord(offset, timestamp, type.key(), value, List.of());
        return offset;
    }

    private void appendRecord(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        if (built != null) {
            throw new IllegalStateException("batch already built");
        }
        if (offset <= lastOffset || offset < baseOffset) {
            throw new IllegalArgumentException("offset " + offset + " is not above the last offset " + lastOffset
                    + " and at least the base offset " + baseOffset);
        }
        if (offset - baseOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " is more than 2^31-1 past the base offset " + baseOffset);
        }
        if (timestamp < 0 && timestamp != RecordBatch.NO_TIMESTAMP) {
            throw new IllegalArgumentException("invalid negative timestamp " + timestamp);
        }
        if (numRecords == 0) {
            firstTimestamp = timestamp;
        }
        int size = encode((int) (offset - baseOffset), timestamp - firstTimestamp, key, value, headers);
        try {
            records.write(scratch.array, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write record to " + compression.type().configName + " stream", e);
        }
        uncompressedRecordBytes += size;
        numRecords++;
        lastOffset = offset;
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    /** Encodes one record (length varint first) into scratch; returns its size. */
    private int encode(int offsetDelta, long timestampDelta, ByteBuffer key, ByteBuffer value, List<Header> headers) {
        int keySize = key == null ? Record.NULL_LENGTH : key.remaining();
        int valueSize = value == null ? Record.NULL_LENGTH : value.remaining();
        byte[][] headerKeys = new byte[headers.size()][];
        // Field order and types: see the layout table on Record.
        int bodySize = Record.ATTRIBUTES_LENGTH + Varint.sizeOfVarlong(timestampDelta) + Varint.sizeOfVarint(offsetDelta)
                + Varint.sizeOfVarint(keySize) + Math.max(0, keySize)
                + Varint.sizeOfVarint(valueSize) + Math.max(0, valueSize)
                + Varint.sizeOfVarint(headers.size());
        for (int i = 0; i < headerKeys.length; i++) {
            Header h = headers.get(i);
            headerKeys[i] = h.key().getBytes(StandardCharsets.UTF_8);
            int hv = h.value() == null ? Record.NULL_LENGTH : h.value().length;
            bodySize += Varint.sizeOfVarint(headerKeys[i].length) + headerKeys[i].length + Varint.sizeOfVarint(hv) + Math.max(0, hv);
        }
        scratch.size = 0;
        scratch.ensureCapacity(Varint.sizeOfVarint(bodySize) + bodySize);
        byte[] b = scratch.array;
        int p = Varint.writeVarint(bodySize, b, 0);
        b[p++] = 0; // record attributes: unused
        p = Varint.writeVarlong(timestampDelta, b, p);
        p = Varint.writeVarint(offsetDelta, b, p);
        p = Varint.writeVarint(keySize, b, p);
        if (keySize > 0) {
            key.duplicate().get(b, p, keySize);
            p += keySize;
        }
        p = Varint.writeVarint(valueSize, b, p);
        if (valueSize > 0) {
            value.duplicate().get(b, p, valueSize);
            p += valueSize;
        }
        p = Varint.writeVarint(headers.size(), b, p);
        for (int i = 0; i < headerKeys.length; i++) {
            p = Varint.writeVarint(headerKeys[i].length, b, p);
            System.arraycopy(headerKeys[i], 0, b, p, headerKeys[i].length);
            p += headerKeys[i].length;
            byte[] hv = headers.get(i).value();
            p = Varint.writeVarint(hv == null ? Record.NULL_LENGTH : hv.length, b, p);
            if (hv != null) {
                System.arraycopy(hv, 0, b, p, hv.length);
                p += hv.length;
            }
        }
        return p;
    }

    /**
     * Finishes the batch. With no records appended this is {@link MemoryRecords#EMPTY}, as in Kafka.
     * Calling it again returns the same records.
     */
    public MemoryRecords build() {
        if (built != null) {
            return built;
        }
        try {
            records.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + compression.type().configName + " stream", e);
        }
        if (numRecords == 0) {
            built = MemoryRecords.EMPTY;
            return built;
        }
        ByteBuffer batch = ByteBuffer.wrap(out.array, 0, out.size);
        int attributes = compression.type().id
                | (timestampType == TimestampType.LOG_APPEND_TIME ? RecordBatch.TIMESTAMP_TYPE_MASK : 0)
                | (transactional ? RecordBatch.TRANSACTIONAL_MASK : 0)
                | (controlBatch ? RecordBatch.CONTROL_MASK : 0);
        batch.putLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        batch.putInt(RecordBatch.LENGTH_OFFSET, out.size - RecordBatch.LOG_OVERHEAD);
        batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        batch.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        batch.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) attributes);
        batch.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, (int) (lastOffset - baseOffset));
        batch.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, firstTimestamp);
        batch.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET,
                timestampType == TimestampType.LOG_APPEND_TIME ? logAppendTime : maxTimestamp);
        batch.putLong(RecordBatch.PRODUCER_ID_OFFSET, producerId);
        batch.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, producerEpoch);
        batch.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, baseSequence);
        batch.putInt(RecordBatch.RECORDS_COUNT_OFFSET, numRecords);
        CRC32C crc = new CRC32C();
        crc.update(out.array, RecordBatch.ATTRIBUTES_OFFSET, out.size - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
        built = MemoryRecords.readableRecords(batch);
        return built;
    }

    public int numRecords() {
        return numRecords;
    }

    /** Header plus record bytes before compression: an upper bound on the batch size for most data. */
    public long uncompressedSizeInBytes() {
        return RecordBatch.HEADER_SIZE + uncompressedRecordBytes;
    }

    /** Bytes the (compressed) batch occupies so far; a compressor may still hold some back until build(). */
    public int writtenSizeInBytes() {
        return out.size;
    }

    public long baseOffset() {
        return baseOffset;
    }

    /** The last offset appended, or -1. */
    public long lastOffset() {
        return lastOffset;
    }

    public Compression compression() {
        return compression;
    }

    private static ByteBuffer wrap(byte[] b) {
        return b == null ? null : ByteBuffer.wrap(b);
    }
}
