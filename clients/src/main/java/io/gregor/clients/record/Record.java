package io.gregor.clients.record;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One decoded record of a batch v2: its absolute offset and timestamp (for a LogAppendTime batch,
 * the batch's max timestamp, as Kafka reports it), key and value (either may be null) and headers.
 *
 * <p>Key and value are read-only views; for an uncompressed batch they share memory with the batch
 * buffer, so they are valid only as long as that buffer is not reused. Equality compares contents.
 */
public record Record(long offset, long timestamp, ByteBuffer key, ByteBuffer value, List<Header> headers) {
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
