package io.gregor.clients.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A view over one record batch v2 (magic 2) held in a byte buffer, laid out exactly as Kafka lays
 * it out. Reading a header field never decodes the records. The setters rewrite only what a
 * broker may rewrite on append (base offset, partition leader epoch, max timestamp for
 * LogAppendTime) and keep the CRC correct.
 *
 * <p>The view covers {@code buffer.position()} to {@code buffer.position() + sizeInBytes()} of the
 * buffer given to it; it shares content with that buffer and is not thread safe.
 *
 * <h2>Wire layout of batch v2</h2>
 * All integers are big-endian. Each offset below is the previous field's offset plus its length,
 * and the constants of this class are derived the same way, so the table is the single source.
 * <pre>
 * field                  type     offset  length
 * baseOffset             INT64         0       8   offset of the first record; outside the CRC
 * batchLength            INT32         8       4   bytes after this field, to the batch end
 * partitionLeaderEpoch   INT32        12       4   set by the leader on append; outside the CRC
 * magic                  INT8         16       1   2
 * crc                    UINT32       17       4   CRC32C of attributes .. batch end
 * attributes             INT16        21       2   bits 0-2 compression, 3 timestamp type,
 *                                                  4 transactional, 5 control, 6 delete horizon
 * lastOffsetDelta        INT32        23       4   last record's offset - baseOffset
 * baseTimestamp          INT64        27       8   first record's timestamp (or delete horizon)
 * maxTimestamp           INT64        35       8   largest timestamp, or the LogAppendTime
 * producerId             INT64        43       8   -1 without an idempotent producer
 * producerEpoch          INT16        51       2   -1 without an idempotent producer
 * baseSequence           INT32        53       4   -1 without an idempotent producer
 * recordsCount           INT32        57       4   records that follow
 * records                              61       *   recordsCount records (see {@link Record}),
 *                                                  compressed as a whole when attributes say so
 * </pre>
 * The first {@link #LOG_OVERHEAD} bytes (base offset and length) are common to every magic; a
 * reader finds the next batch with them alone. The records' own layout is on {@link Record}; the
 * key and value of control records (transaction markers) on {@link ControlRecordType} and
 * {@link EndTransactionMarker}.
 */
public final class RecordBatch {
    public static final byte MAGIC = 2;

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int BASE_OFFSET_LENGTH = 8;
    public static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + BASE_OFFSET_LENGTH;
    public static final int LENGTH_LENGTH = 4;
    /** Bytes before and including the length field: base offset and batch length. */
    public static final int LOG_OVERHEAD = LENGTH_OFFSET + LENGTH_LENGTH;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = LENGTH_OFFSET + LENGTH_LENGTH;
    public static final int PARTITION_LEADER_EPOCH_LENGTH = 4;
    public static final int MAGIC_OFFSET = PARTITION_LEADER_EPOCH_OFFSET + PARTITION_LEADER_EPOCH_LENGTH;
    public static final int MAGIC_LENGTH = 1;
    public static final int CRC_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int CRC_LENGTH = 4;
    public static final int ATTRIBUTES_OFFSET = CRC_OFFSET + CRC_LENGTH;
    public static final int ATTRIBUTES_LENGTH = 2;
    public static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + ATTRIBUTES_LENGTH;
    public static final int LAST_OFFSET_DELTA_LENGTH = 4;
    public static final int BASE_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + LAST_OFFSET_DELTA_LENGTH;
    public static final int BASE_TIMESTAMP_LENGTH = 8;
    public static final int MAX_TIMESTAMP_OFFSET = BASE_TIMESTAMP_OFFSET + BASE_TIMESTAMP_LENGTH;
    public static final int MAX_TIMESTAMP_LENGTH = 8;
    public static final int PRODUCER_ID_OFFSET = MAX_TIMESTAMP_OFFSET + MAX_TIMESTAMP_LENGTH;
    public static final int PRODUCER_ID_LENGTH = 8;
    public static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + PRODUCER_ID_LENGTH;
    public static final int PRODUCER_EPOCH_LENGTH = 2;
    public static final int BASE_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + PRODUCER_EPOCH_LENGTH;
    public static final int BASE_SEQUENCE_LENGTH = 4;
    public static final int RECORDS_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + BASE_SEQUENCE_LENGTH;
    public static final int RECORDS_COUNT_LENGTH = 4;
    public static final int RECORDS_OFFSET = RECORDS_COUNT_OFFSET + RECORDS_COUNT_LENGTH;
    /** Size of the batch header; the records start here. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;

    public static final int COMPRESSION_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_MASK = 0x10;
    public static final int CONTROL_MASK = 0x20;
    public static final int DELETE_HORIZON_MASK = 0x40;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    private final ByteBuffer buffer; // big-endian, position 0 = start of the batch

    /**
     * A view of the batch starting at {@code buffer.position()}. The buffer must hold at least the
     * whole batch as its length field states; otherwise {@link CorruptRecordException}.
     */
    public RecordBatch(ByteBuffer buffer) {
        int remaining = buffer.remaining();
        if (remaining < HEADER_SIZE) {
            throw new CorruptRecordException("record batch of " + remaining + " bytes is shorter than the "
                    + HEADER_SIZE + "-byte header");
        }
        int length = buffer.getInt(buffer.position() + LENGTH_OFFSET);
        if (length < HEADER_SIZE - LOG_OVERHEAD || length > remaining - LOG_OVERHEAD) {
            throw new CorruptRecordException("record batch length " + length + " is outside [" + (HEADER_SIZE - LOG_OVERHEAD)
                    + ", " + (remaining - LOG_OVERHEAD) + "]");
        }
        ByteBuffer slice = buffer.slice(buffer.position(), length + LOG_OVERHEAD);
        slice.order(ByteOrder.BIG_ENDIAN);
        this.buffer = slice;
    }

    /**
     * The size in bytes of the batch starting at {@code position} in {@code buffer}, or -1 if the
     * buffer does not hold even the length field there. Does not check that the whole batch is
     * present.
     */
    public static int sizeAt(ByteBuffer buffer, int position) {
        if (buffer.limit() - position < LOG_OVERHEAD) {
            return -1;
        }
        return buffer.getInt(position + LENGTH_OFFSET) + LOG_OVERHEAD;
    }

    /** The batch bytes (a duplicate: position 0, limit = size); writes go through to the batch. */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    public int sizeInBytes() {
        return buffer.limit();
    }

    public long baseOffset() {
        return buffer.getLong(BASE_OFFSET_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch's last record. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(MAGIC_OFFSET);
    }

    /** The CRC32C stored in the batch. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(CRC_OFFSET));
    }

    /** The CRC32C computed over attributes..end, as Kafka defines it. */
    public long computeChecksum() {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(ATTRIBUTES_OFFSET));
        return crc.getValue();
    }

    public short attributes() {
        return buffer.getShort(ATTRIBUTES_OFFSET);
    }

    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_MASK) != 0;
    }

    public boolean hasDeleteHorizonMs() {
        return (attributes() & DELETE_HORIZON_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(LAST_OFFSET_DELTA_OFFSET);
    }

    public long baseTimestamp() {
        return buffer.getLong(BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(BASE_SEQUENCE_OFFSET);
    }

    /** The sequence of the last record, wrapping at Integer.MAX_VALUE as Kafka does. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        long last = (long) base + lastOffsetDelta();
        return last > Integer.MAX_VALUE ? (int) (last - Integer.MAX_VALUE - 1) : (int) last;
    }

    public boolean hasProducerId() {
        return producerId() != NO_PRODUCER_ID;
    }

    public int recordCount() {
        return buffer.getInt(RECORDS_COUNT_OFFSET);
    }

    /** True when the magic is 2 and the stored CRC matches the content. */
    public boolean isValid() {
        return magic() == MAGIC && checksum() == computeChecksum();
    }

    /**
     * Checks what can be checked without decoding records: magic, CRC, record count against the
     * offset delta. Throws {@link CorruptRecordException} naming what is wrong.
     */
    public void ensureValid() {
        if (magic() != MAGIC) {
            throw new CorruptRecordException("record batch magic " + magic() + " is not " + MAGIC);
        }
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " has CRC " + stored
                    + " but its content computes to " + computed);
        }
        int count = recordCount();
        int delta = lastOffsetDelta();
        if (count < 0 || delta < 0) {
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " has record count " + count
                    + " and last offset delta " + delta);
        }
        if (!isControlBatch() && count == 0 && !hasProducerId()) {
            // Empty batches exist only to carry producer state after compaction.
            throw new CorruptRecordException("record batch at offset " + baseOffset() + " has no records");
        }
    }

    /**
     * The records of this batch, decoded one at a time; a compressed batch is decompressed as a
     * stream. Checks each record's structure (not the CRC: see {@link #ensureValid()} and
     * {@link BatchValidator}) and raises {@link InvalidRecordException} on a malformed record or on
     * bytes left after the declared count. For an uncompressed batch, keys and values share this
     * batch's memory. Close the iterator if it is not run to its end.
     */
    public CloseableIterator<Record> records() {
        return new RecordIterator(this);
    }

    /** All records of this batch in a list (see {@link #records()}). */
    public List<Record> recordList() {
        List<Record> list = new ArrayList<>(Math.max(0, Math.min(recordCount(), 1024)));
        try (CloseableIterator<Record> it = records()) {
            it.forEachRemaining(list::add);
        }
        return list;
    }

    /** Rewrites the base offset; the base offset is outside the CRC. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Rewrites the partition leader epoch; it is outside the CRC. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp type and max timestamp, as a broker does for LogAppendTime topics, and
     * recomputes the CRC since both lie inside it. Does nothing (and computes nothing) when the
     * batch already says so.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        short attrs = attributes();
        short newAttrs = (short) (type == TimestampType.LOG_APPEND_TIME
                ? attrs | TIMESTAMP_TYPE_MASK : attrs & ~TIMESTAMP_TYPE_MASK);
        if (newAttrs == attrs && maxTimestamp() == maxTimestamp) {
            return;
        }
        buffer.putShort(ATTRIBUTES_OFFSET, newAttrs);
        buffer.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putInt(CRC_OFFSET, (int) computeChecksum());
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size=" + sizeInBytes()
                + ", count=" + recordCount() + ", compression=" + (attributes() & COMPRESSION_MASK)
                + ", producerId=" + producerId() + ")";
    }
}
