package io.gregor.core.log;

import io.gregor.clients.record.RecordBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * One batch in a {@link FileRecords}, known by its position and header; the full bytes are read
 * only on {@link #load()}. Immutable.
 */
public final class FileBatch {
    private final FileRecords records;
    private final int position;
    private final int sizeInBytes;
    private final ByteBuffer header; // the HEADER_SIZE header bytes, read-only use

    FileBatch(FileRecords records, int position, int sizeInBytes, ByteBuffer header) {
        this.records = records;
        this.position = position;
        this.sizeInBytes = sizeInBytes;
        this.header = header;
    }

    /** Position of the batch relative to the start of the {@link FileRecords} it came from. */
    public int position() {
        return position;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    public long baseOffset() {
        return header.getLong(RecordBatch.BASE_OFFSET_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + header.getInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET);
    }

    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long maxTimestamp() {
        return header.getLong(RecordBatch.MAX_TIMESTAMP_OFFSET);
    }

    /** The producer id in the header ({@link RecordBatch#NO_PRODUCER_ID} for none). */
    public long producerId() {
        return header.getLong(RecordBatch.PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return header.getShort(RecordBatch.PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return header.getInt(RecordBatch.BASE_SEQUENCE_OFFSET);
    }

    /** The sequence of the batch's last record, wrapping past Integer.MAX_VALUE as producers do. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == RecordBatch.NO_SEQUENCE) {
            return RecordBatch.NO_SEQUENCE;
        }
        long last = (long) base + header.getInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET);
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public boolean isControlBatch() {
        return (header.getShort(RecordBatch.ATTRIBUTES_OFFSET) & RecordBatch.CONTROL_MASK) != 0;
    }

    /** The record count of the header. */
    public int recordCount() {
        return header.getInt(RecordBatch.RECORDS_COUNT_OFFSET);
    }

    public boolean isTransactional() {
        return (header.getShort(RecordBatch.ATTRIBUTES_OFFSET) & RecordBatch.TRANSACTIONAL_MASK) != 0;
    }

    public int partitionLeaderEpoch() {
        return header.getInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET);
    }

    /** Reads the whole batch into memory. */
    public RecordBatch load() {
        ByteBuffer buf = ByteBuffer.allocate(sizeInBytes);
        try {
            records.readFully(buf, position);
        } catch (IOException e) {
            throw new UncheckedIOException("reading batch at position " + position + " of " + records.file(), e);
        }
        buf.flip();
        return new RecordBatch(buf);
    }

    @Override
    public String toString() {
        return "FileBatch(position=" + position + ", size=" + sizeInBytes + ", baseOffset=" + baseOffset()
                + ", lastOffset=" + lastOffset() + ")";
    }
}
