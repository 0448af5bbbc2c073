package io.gregor.clients.record;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Hand-assembled batches for validation tests: records with chosen offset deltas and declared
 * lengths, and headers with chosen counts, all with a correct CRC unless a test breaks it.
 */
final class RawBatches {
    private RawBatches() {
    }

    /** One record's bytes: length varint (declared length = true length + lengthSkew), then fields. */
    static byte[] record(int offsetDelta, long timestampDelta, byte[] key, byte[] value, int lengthSkew) {
        byte[] body = new byte[64 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length)];
        int p = 0;
        body[p++] = 0;
        p = Varint.writeVarlong(timestampDelta, body, p);
        p = Varint.writeVarint(offsetDelta, body, p);
        p = Varint.writeVarint(key == null ? -1 : key.length, body, p);
        if (key != null) {
            System.arraycopy(key, 0, body, p, key.length);
            p += key.length;
        }
        p = Varint.writeVarint(value == null ? -1 : value.length, body, p);
        if (value != null) {
            System.arraycopy(value, 0, body, p, value.length);
            p += value.length;
        }
        p = Varint.writeVarint(0, body, p);
        byte[] out = new byte[5 + p];
        int q = Varint.writeVarint(p + lengthSkew, out, 0);
        System.arraycopy(body, 0, out, q, p);
        return java.util.Arrays.copyOf(out, q + p);
    }

    static byte[] records(byte[]... records) {
        int n = 0;
        for (byte[] r : records) {
            n += r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] r : records) {
            b.put(r);
        }
        return b.array();
    }

    /** A batch around already-encoded record bytes, compressing them with {@code type}. */
    static ByteBuffer batch(CompressionType type, int lastOffsetDelta, int count, byte[] recordBytes) {
        byte[] payload = recordBytes;
        if (type != CompressionType.NONE) {
            GrowableBuffer sink = new GrowableBuffer(recordBytes.length + 64);
            try (OutputStream out = CompressionStreams.wrapForOutput(Compression.of(type), sink)) {
                out.write(recordBytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            payload = java.util.Arrays.copyOf(sink.array, sink.size);
        }
        return batchWithPayload(type, lastOffsetDelta, count, payload);
    }

    /** A batch whose record section is {@code payload} exactly as given. */
    static ByteBuffer batchWithPayload(CompressionType type, int lastOffsetDelta, int count, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(RecordBatch.HEADER_SIZE + payload.length);
        b.putLong(RecordBatch.BASE_OFFSET_OFFSET, 0);
        b.putInt(RecordBatch.LENGTH_OFFSET, b.capacity() - RecordBatch.LOG_OVERHEAD);
        b.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, -1);
        b.put(RecordBatch.MAGIC_OFFSET, RecordBatch.MAGIC);
        b.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) type.id);
        b.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, lastOffsetDelta);
        b.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, 1000);
        b.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, 1000);
        b.putLong(RecordBatch.PRODUCER_ID_OFFSET, -1);
        b.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, (short) -1);
        b.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, -1);
        b.putInt(RecordBatch.RECORDS_COUNT_OFFSET, count);
        b.put(RecordBatch.HEADER_SIZE, payload);
        fixCrc(b);
        return b;
    }

    static void fixCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(RecordBatch.ATTRIBUTES_OFFSET));
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc.getValue());
    }
}
