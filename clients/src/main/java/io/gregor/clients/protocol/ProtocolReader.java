package io.gregor.clients.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Bounds-checked reads of the protocol's primitive encodings from a ByteBuffer (big-endian).
 * Every read checks the bytes remaining first and fails with a {@link ProtocolException} that
 * carries the caller's context (message, version, field); nothing is allocated from an unchecked
 * length, and varints longer than 5 (int) or 10 (long) bytes are rejected.
 */
final class ProtocolReader {
    private final ByteBuffer buf;
    private final Supplier<String> context;

    ProtocolReader(ByteBuffer buf, Supplier<String> context) {
        this.buf = buf;
        this.context = context;
    }

    ByteBuffer buffer() {
        return buf;
    }

    int remaining() {
        return buf.remaining();
    }

    ProtocolException error(String detail) {
        return new ProtocolException("Cannot read " + context.get() + ": " + detail);
    }

    void ensure(long n) {
        if (n > buf.remaining()) {
            throw error("needs " + n + " bytes, only " + buf.remaining() + " remain");
        }
    }

    byte readInt8() {
        ensure(1);
        return buf.get();
    }

    short readInt16() {
        ensure(2);
        return buf.getShort();
    }

    int readUint16() {
        return readInt16() & 0xFFFF;
    }

    int readInt32() {
        ensure(4);
        return buf.getInt();
    }

    long readUint32() {
        return readInt32() & 0xFFFFFFFFL;
    }

    long readInt64() {
        ensure(8);
        return buf.getLong();
    }

    double readFloat64() {
        ensure(8);
        return buf.getDouble();
    }

    java.util.UUID readUuid() {
        ensure(16);
        return new java.util.UUID(buf.getLong(), buf.getLong());
    }

    boolean readBool() {
        return readInt8() != 0;
    }

    int readUnsignedVarint() {
        int value = 0;
        for (int i = 0; i < 5; i++) {
            byte b = readInt8();
            if (i == 4 && (b & 0xF0) != 0) {
                throw error("unsigned varint does not fit in 32 bits");
            }
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw error("varint longer than 5 bytes");
    }

    int readVarint() {
        int raw = readUnsignedVarint();
        return (raw >>> 1) ^ -(raw & 1);
    }

    long readUnsignedVarlong() {
        long value = 0;
        for (int i = 0; i < 10; i++) {
            byte b = readInt8();
            if (i == 9 && (b & 0xFE) != 0) {
                throw error("varlong does not fit in 64 bits");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw error("varlong longer than 10 bytes");
    }

    long readVarlong() {
        long raw = readUnsignedVarlong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A view of the next {@code length} bytes (checked), advancing past them; shares the input. */
    ByteBuffer readSlice(int length) {
        ensure(length);
        ByteBuffer slice = buf.slice(buf.position(), length);
        buf.position(buf.position() + length);
        return slice;
    }

    byte[] readByteArray(int length) {
        ensure(length);
        byte[] out = new byte[length];
        buf.get(out);
        return out;
    }

    String readUtf8(int length) {
        ensure(length);
        String s;
        if (buf.hasArray()) {
            s = new String(buf.array(), buf.arrayOffset() + buf.position(), length, StandardCharsets.UTF_8);
            buf.position(buf.position() + length);
        } else {
            s = new String(readByteArray(length), StandardCharsets.UTF_8);
        }
        return s;
    }

    void skip(int length) {
        ensure(length);
        buf.position(buf.position() + length);
    }
}
