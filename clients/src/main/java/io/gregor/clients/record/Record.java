package io.gregor.clients.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One decoded record of a batch v2: its absolute offset and timestamp (for a LogAppendTime batch,
 * the batch's max timestamp, as Kafka reports it), key and value (either may be null) and headers.
 *
 * <p>Key and value are read-only views; for an uncompressed batch they share memory with the batch
 * buffer, so they are valid only as long as that buffer is not reused. Equality compares contents.
 *
 * <h2>Wire layout of a record in batch v2</h2>
 * Records follow the batch header ({@link RecordBatch#RECORDS_OFFSET}) back to back, inside the
 * compressed stream when the batch is compressed. Lengths and deltas are zig-zag varints
 * ({@link Varint}), so no field has a fixed offset: each starts where the previous one ends.
 * <pre>
 * field                type       note
 * length               VARINT     bytes of the fields below (the record body)
 * attributes           INT8       unused, written as 0
 * timestampDelta       VARLONG    timestamp - the batch's baseTimestamp
 * offsetDelta          VARINT     offset - the batch's baseOffset
 * keyLength            VARINT     -1 for a null key
 * key                  BYTES      keyLength bytes
 * valueLength          VARINT     -1 for a null value
 * value                BYTES      valueLength bytes
 * headersCount         VARINT     not negative
 * headers              headersCount times:
 *   headerKeyLength    VARINT     not negative (a header key is never null)
 *   headerKey          BYTES      UTF-8
 *   headerValueLength  VARINT     -1 for a null value
 *   headerValue        BYTES
 * </pre>
 * A control record (in a batch whose control attribute is set) has this layout too; its key and
 * value hold the fixed layouts of {@link ControlRecordType} and {@link EndTransactionMarker}.
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
    public static final int ATTRIBUTES_LENGTH = 1;
    /** The length a null key, value or header value is written with. */
    public static final int NULL_LENGTH = -1;
    /**
     * The most bytes a record takes besides its key, value, their lengths and its headers: the
     * fields of the layout up to and including the offset delta, each varint at its longest.
     */
    public static final int MAX_OVERHEAD = Varint.MAX_VARINT_LENGTH + ATTRIBUTES_LENGTH + Varint.MAX_VARLONG_LENGTH
            + Varint.MAX_VARINT_LENGTH;

    public Record {
        headers = List.copyOf(headers);
    }

    public boolean hasKey() {
        return key != null;
    }

    public boolean hasValue() {
        return value != null;
    }

    /** The key's bytes (a copy), or null. */
    public byte[] keyBytes() {
        return copy(key);
    }

    /** The value's bytes (a copy), or null. */
    public byte[] valueBytes() {
        return copy(value);
    }

    private static byte[] copy(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + (key == null ? "null" : key.remaining() + " bytes")
                + ", value=" + (value == null ? "null" : value.remaining() + " bytes") + ", headers=" + headers + ")";
    }
}
