package io.gregor.clients.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record header: a non-null UTF-8 key and a value that may be null. Equality compares the
 * value's bytes. The value array is held as given (not copied); treat it as read-only.
 */
public record Header(String key, byte[] value) {
    public Header {
        Objects.requireNonNull(key, "header key must not be null");
    }

    /** A header whose value is the remaining bytes of {@code value} (copied), or null. */
    public static Header of(String key, ByteBuffer value) {
        if (value == null) {
            return new Header(key, null);
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return new Header(key, bytes);
    }

    /** A header whose value is the UTF-8 bytes of {@code value}, or null. */
    public static Header ofString(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value as a read-only buffer, or null. */
    public ByteBuffer valueBuffer() {
        return value == null ? null : ByteBuffer.wrap(value).asReadOnlyBuffer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header h && key.equals(h.key) && Arrays.equals(value, h.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(" + key + "=" + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
