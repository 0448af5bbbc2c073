package io.gregor.clients.record;

/**
 * Zig-zag variable-length integers as record batch v2 uses them (protobuf style: 7 bits per byte,
 * low bits first, high bit = more bytes follow). An int takes at most 5 bytes, a long at most 10.
 */
public final class Varint {
    /** The most bytes a varint (32-bit value) takes: 7 bits per byte. */
    public static final int MAX_VARINT_LENGTH = 5;
    /** The most bytes a varlong (64-bit value) takes. */
    public static final int MAX_VARLONG_LENGTH = 10;

    private Varint() {
    }

    public static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xFFFFFF80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Writes {@code value} at {@code pos}; returns the position after it. */
    public static int writeVarint(int value, byte[] dst, int pos) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xFFFFFF80) != 0) {
            dst[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[pos++] = (byte) v;
        return pos;
    }

    /** Writes {@code value} at {@code pos}; returns the position after it. */
    public static int writeVarlong(long value, byte[] dst, int pos) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            dst[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        dst[pos++] = (byte) v;
        return pos;
    }

    /** Undoes the zig-zag mapping of a raw unsigned 32-bit varint. */
    public static int decodeZigZag(int raw) {
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Undoes the zig-zag mapping of a raw unsigned 64-bit varint. */
    public static long decodeZigZag(long raw) {
        return (raw >>> 1) ^ -(raw & 1);
    }
}
