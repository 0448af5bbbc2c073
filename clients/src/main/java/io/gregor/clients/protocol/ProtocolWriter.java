package io.gregor.clients.protocol;

import io.gregor.clients.record.Records;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the protocol's primitive encodings into one buffer sized in advance for everything but
 * records payloads; a records payload closes the current buffer segment and is kept by reference,
 * so the result is an ordered list of buffer slices and {@link Records}.
 */
final class ProtocolWriter {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private int position;
    private final List<EncodedMessage.Part> parts = new ArrayList<>();
    private int segmentStart;

    ProtocolWriter(int nonRecordBytes) {
        this.buf = new byte[nonRecordBytes];
    }

    void writeInt8(byte v) {
        buf[position++] = v;
    }

    void writeInt16(short v) {
        SHORT.set(buf, position, v);
        position += 2;
    }

    void writeInt32(int v) {
        INT.set(buf, position, v);
        position += 4;
    }

    void writeInt64(long v) {
        LONG.set(buf, position, v);
        position += 8;
    }

    void writeFloat64(double v) {
        writeInt64(Double.doubleToRawLongBits(v));
    }

    void writeUuid(java.util.UUID v) {
        writeInt64(v.getMostSignificantBits());
        writeInt64(v.getLeastSignificantBits());
    }

    void writeUnsignedVarint(int v) {
        while ((v & 0xFFFFFF80) != 0) {
            buf[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[position++] = (byte) v;
    }

    void writeVarint(int v) {
        writeUnsignedVarint((v << 1) ^ (v >> 31));
    }

    void writeVarlong(long v) {
        long u = (v << 1) ^ (v >> 63);
        while ((u & 0xFFFFFFFFFFFFFF80L) != 0) {
            buf[position++] = (byte) ((u & 0x7F) | 0x80);
            u >>>= 7;
        }
        buf[position++] = (byte) u;
    }

    void writeBytes(ByteBuffer src) {
        int n = src.remaining();
        src.duplicate().get(buf, position, n);
        position += n;
    }

    void writeBytes(byte[] src) {
        System.arraycopy(src, 0, buf, position, src.length);
        position += src.length;
    }

    /**
     * A string whose UTF-8 length equals its length: every char is ASCII or an unpaired surrogate,
     * which String.getBytes(UTF_8) turns into '?'.
     */
    void writeAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            buf[position++] = c < 0x80 ? (byte) c : (byte) '?';
        }
    }

    void writeUtf8(String s) {
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void writeRecords(Records records) {
        closeSegment();
        if (records.sizeInBytes() > 0) {
            parts.add(new EncodedMessage.RecordsPart(records));
        }
    }

    EncodedMessage finish() {
        closeSegment();
        if (position != buf.length) {
            throw new IllegalStateException("size computation disagrees with bytes written: "
                    + buf.length + " vs " + position);
        }
        return new EncodedMessage(parts);
    }

    private void closeSegment() {
        if (position > segmentStart) {
            parts.add(new EncodedMessage.BufferPart(ByteBuffer.wrap(buf, segmentStart, position - segmentStart).slice()));
        }
        segmentStart = position;
    }

    static int sizeOfUnsignedVarint(int v) {
        int leading = Integer.numberOfLeadingZeros(v);
        return leading >= 25 ? 1 : (38 - leading) / 7;
    }

    static int sizeOfVarint(int v) {
        return sizeOfUnsignedVarint((v << 1) ^ (v >> 31));
    }

    static int sizeOfVarlong(long v) {
        long u = (v << 1) ^ (v >> 63);
        int leading = Long.numberOfLeadingZeros(u);
        return leading >= 57 ? 1 : (70 - leading) / 7;
    }

    /** UTF-8 length as String.getBytes(UTF_8) produces it (an unpaired surrogate becomes '?'). */
    static int utf8Length(String s) {
        int len = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                len += 1;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                len += 1;
            } else {
                len += 3;
            }
        }
        return len;
    }
}
