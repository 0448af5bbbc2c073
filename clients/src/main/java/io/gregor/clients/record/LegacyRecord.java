package io.gregor.clients.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * A view over one message of the legacy message formats v0 and v1 (magic 0 and 1), laid out
 * exactly as Kafka lays it out. On the wire and in a log, each message is preceded by the
 * {@link LegacyRecordBatch log entry header} (offset and size); this class covers the message
 * alone, from its CRC to the end of its value. Shares content with the buffer given to it; not
 * thread safe.
 *
 * <h2>Wire layout of a message, v0 and v1</h2>
 * All integers are big-endian. Each offset is the previous field's offset plus its length; v0 has
 * no timestamp, so its key size comes 8 bytes earlier.
 * <pre>
 * field        type     offset v0  offset v1  length
 * crc          UINT32           0          0       4   CRC32 (not CRC32C) of magic .. value end
 * magic        INT8             4          4       1   0 or 1
 * attributes   INT8             5          5       1   bits 0-2 compression (a wrapper message),
 *                                                      bit 3 timestamp type (v1 only)
 * timestamp    INT64            -          6       8   v1 only; -1 when unknown
 * keySize      INT32            6         14       4   -1 for a null key
 * key          BYTES           10         18       *
 * valueSize    INT32            *          *       4   -1 for a null value
 * value        BYTES            *          *       *   for a wrapper: the compressed inner messages
 * </pre>
 * A compressed message set is one <em>wrapper</em> message whose key is null and whose value is
 * the compressed bytes of inner log entries (offset, size, message), each uncompressed; see
 * {@link LegacyRecordBatch}.
 */
public final class LegacyRecord {
    public static final byte MAGIC_V0 = 0;
    public static final byte MAGIC_V1 = 1;

    public static final int CRC_OFFSET = 0;
    public static final int CRC_LENGTH = 4;
    public static final int MAGIC_OFFSET = CRC_OFFSET + CRC_LENGTH;
    public static final int MAGIC_LENGTH = 1;
    public static final int ATTRIBUTES_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int ATTRIBUTES_LENGTH = 1;
    public static final int TIMESTAMP_OFFSET = ATTRIBUTES_OFFSET + ATTRIBUTES_LENGTH;
    public static final int TIMESTAMP_LENGTH = 8;
    public static final int KEY_SIZE_OFFSET_V0 = ATTRIBUTES_OFFSET + ATTRIBUTES_LENGTH;
    public static final int KEY_SIZE_OFFSET_V1 = TIMESTAMP_OFFSET + TIMESTAMP_LENGTH;
    public static final int KEY_SIZE_LENGTH = 4;
    public static final int KEY_OFFSET_V0 = KEY_SIZE_OFFSET_V0 + KEY_SIZE_LENGTH;
    public static final int KEY_OFFSET_V1 = KEY_SIZE_OFFSET_V1 + KEY_SIZE_LENGTH;
    public static final int VALUE_SIZE_LENGTH = 4;
    /** The fixed fields before the key size: crc, magic, attributes (and timestamp in v1). */
    public static final int HEADER_SIZE_V0 = KEY_SIZE_OFFSET_V0;
    public static final int HEADER_SIZE_V1 = KEY_SIZE_OFFSET_V1;
    /** A message's size with a null key and a null value. */
    public static final int RECORD_OVERHEAD_V0 = HEADER_SIZE_V0 + KEY_SIZE_LENGTH + VALUE_SIZE_LENGTH;
    public static final int RECORD_OVERHEAD_V1 = HEADER_SIZE_V1 + KEY_SIZE_LENGTH + VALUE_SIZE_LENGTH;

    public static final int COMPRESSION_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;

    private final ByteBuffer buffer; // position 0 = the CRC, limit = the value's end
    private final int keySize;
    private final int valueSize;

    /**
     * A view of the message occupying all of {@code buffer.position()..limit()}. The structure is
     * checked (magic 0 or 1, key and value sizes filling the message exactly), the CRC is not:
     * see {@link #ensureValid()}. A bad structure raises {@link InvalidRecordException}.
     */
    public LegacyRecord(ByteBuffer buffer) {
        ByteBuffer b = buffer.slice().order(ByteOrder.BIG_ENDIAN);
        if (b.remaining() < RECORD_OVERHEAD_V0) {
            throw new InvalidRecordException("legacy message of " + b.remaining() + " bytes is shorter than the "
                    + RECORD_OVERHEAD_V0 + "-byte minimum");
        }
        byte magic = b.get(MAGIC_OFFSET);
        if (magic != MAGIC_V0 && magic != MAGIC_V1) {
            throw new InvalidRecordException("legacy message magic " + magic + " is neither 0 nor 1");
        }
        int size = b.remaining();
        if (size < recordOverhead(magic)) {
            throw new InvalidRecordException("message v" + magic + " of " + size + " bytes is shorter than the "
                    + recordOverhead(magic) + "-byte minimum");
        }
        int keySizeOffset = keyOffset(magic) - KEY_SIZE_LENGTH;
        keySize = b.getInt(keySizeOffset);
        if (keySize < -1 || (long) keyOffset(magic) + Math.max(0, keySize) + VALUE_SIZE_LENGTH > size) {
            throw new InvalidRecordException("message key size " + keySize + " does not fit a " + size + "-byte message");
        }
        int valueSizeOffset = keyOffset(magic) + Math.max(0, keySize);
        valueSize = b.getInt(valueSizeOffset);
        if (valueSize < -1 || (long) valueSizeOffset + VALUE_SIZE_LENGTH + Math.max(0, valueSize) != size) {
            throw new InvalidRecordException("message value size " + valueSize + " does not fill a " + size
                    + "-byte message");
        }
        this.buffer = b;
    }

    /** The size of a message with the given key and value sizes (-1 or 0 for none). */
    public static int recordSize(byte magic, int keySize, int valueSize) {
        return recordOverhead(magic) + Math.max(0, keySize) + Math.max(0, valueSize);
    }

    public static int recordOverhead(byte magic) {
        return switch (magic) {
            case MAGIC_V0 -> RECORD_OVERHEAD_V0;
            case MAGIC_V1 -> RECORD_OVERHEAD_V1;
            default -> throw new IllegalArgumentException("no legacy message format with magic " + magic);
        };
    }

    static int keyOffset(byte magic) {
        return switch (magic) {
            case MAGIC_V0 -> KEY_OFFSET_V0;
            case MAGIC_V1 -> KEY_OFFSET_V1;
            default -> throw new IllegalArgumentException("no legacy message format with magic " + magic);
        };
    }

    /** The attributes byte: the codec, and for v1 the timestamp type. */
    public static byte attributes(byte magic, CompressionType compression, TimestampType timestampType) {
        int attributes = compression.id & COMPRESSION_MASK;
        if (magic > MAGIC_V0 && timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        return (byte) attributes;
    }

    /**
     * Writes one message (not its log entry header) to {@code out}; the timestamp is written for v1
     * only. Key and value may be null. Returns the number of bytes written.
     */
    static int write(GrowableBuffer out, byte magic, byte attributes, long timestamp, ByteBuffer key, ByteBuffer value) {
        int keySize = key == null ? -1 : key.remaining();
        int valueSize = value == null ? -1 : value.remaining();
        int size = recordSize(magic, keySize, valueSize);
        out.ensureCapacity(size);
        ByteBuffer b = ByteBuffer.wrap(out.array, out.size, size).slice();
        b.position(MAGIC_OFFSET);
        b.put(magic).put(attributes);
        if (magic > MAGIC_V0) {
            b.putLong(timestamp);
        }
        b.putInt(keySize);
        if (key != null) {
            b.put(key.duplicate());
        }
        b.putInt(valueSize);
        if (value != null) {
            b.put(value.duplicate());
        }
        CRC32 crc = new CRC32();
        crc.update(out.array, out.size + MAGIC_OFFSET, size - MAGIC_OFFSET);
        b.putInt(CRC_OFFSET, (int) crc.getValue());
        out.size += size;
        return size;
    }

    /** The message bytes (a duplicate, position 0). */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    public int sizeInBytes() {
        return buffer.limit();
    }

    public byte magic() {
        return buffer.get(MAGIC_OFFSET);
    }

    public byte attributes() {
        return buffer.get(ATTRIBUTES_OFFSET);
    }

    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_MASK);
    }

    public boolean isCompressed() {
        return (attributes() & COMPRESSION_MASK) != 0;
    }

    /** v1: the timestamp type bit; v0 has no timestamps and reports CREATE_TIME. */
    public TimestampType timestampType() {
        return magic() > MAGIC_V0 && (attributes() & TIMESTAMP_TYPE_MASK) != 0
                ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
    }

    /** The timestamp this message holds (v1), or {@link RecordBatch#NO_TIMESTAMP} for v0. */
    public long timestamp() {
        return magic() == MAGIC_V0 ? RecordBatch.NO_TIMESTAMP : buffer.getLong(TIMESTAMP_OFFSET);
    }

    /** The key (a read-only view), or null. */
    public ByteBuffer key() {
        return keySize < 0 ? null : buffer.slice(keyOffset(magic()), keySize).asReadOnlyBuffer();
    }

    /** The value (a read-only view), or null. */
    public ByteBuffer value() {
        if (valueSize < 0) {
            return null;
        }
        return buffer.slice(keyOffset(magic()) + Math.max(0, keySize) + VALUE_SIZE_LENGTH, valueSize).asReadOnlyBuffer();
    }

    /** The CRC32 stored in the message. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(CRC_OFFSET));
    }

    /** The CRC32 of magic .. value end. */
    public long computeChecksum() {
        CRC32 crc = new CRC32();
        crc.update(buffer.duplicate().position(MAGIC_OFFSET));
        return crc.getValue();
    }

    public boolean isValid() {
        return checksum() == computeChecksum();
    }

    /** Throws {@link CorruptRecordException} when the stored CRC does not match the content. */
    public void ensureValid() {
        long stored = checksum();
        long computed = computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException("legacy message has CRC " + stored + " but its content computes to " + computed);
        }
    }

    @Override
    public String toString() {
        return "LegacyRecord(magic=" + magic() + ", attributes=" + attributes() + ", timestamp=" + timestamp()
                + ", key=" + keySize + " bytes, value=" + valueSize + " bytes)";
    }
}
