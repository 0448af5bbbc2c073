package io.gregor.clients.protocol;

import io.gregor.clients.record.Records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the protocol's primitive encodings into one buffer sized in advance for everything but
 * records payloads; a records payload closes the current buffer segment and is kept by reference,
 * so the result is an ordered list of buffer slices and {@link Records}.
 */
final class ProtocolWriter {
    private final ByteBuffer buf;
    private final List<EncodedMessage.Part> parts = new ArrayList<>();
    private int segmentStart;

    ProtocolWriter(int nonRecordBytes) {
        this.buf = ByteBuffer.allocate(nonRecordBytes);
    }

    void writeInt8(byte v) {
        buf.put(v);
    }

    void writeInt16(short v) {
        buf.putShort(v);
    }

    void writeInt32(int v) {
        buf.putInt(v);
    }

    void writeInt64(long v) {
        buf.putLong(v);
    }

    void writeFloat64(double v) {
        buf.putDouble(v);
    }

    void writeUuid(java.util.UUID v) {
        buf.putLong(v.getMostSignificantBits());
        buf.putLong(v.getLeastSignificantBits());
    }

    void writeUnsignedVarint(int v) {
        while ((v & 0xFFFFFF80) != 0) {
            buf.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buf.put((byte) v);
    }

    void writeVarint(int v) {
        writeUnsignedVarint((v << 1) ^ (v >> 31));
    }

    void writeVarlong(long v) {
        long u = (v << 1) ^ (v >> 63);
        while ((u & 0xFFFFFFFFFFFFFF80L) != 0) {
            buf.put((byte) ((u & 0x7F) | 0x80));
            u >>>= 7;
        }
        buf.put((byte) u);
    }

    void writeBytes(ByteBuffer src) {
        buf.put(src.duplicate());
    }

    void writeBytes(byte[] src) {
        buf.put(src);
    }

    void writeUtf8(String s) {
        buf.put(s.getBytes(StandardCharsets.UTF_8));
    }

    void writeRecords(Records records) {
        closeSegment();
        if (records.sizeInBytes() > 0) {
            parts.add(new EncodedMessage.RecordsPart(records));
        }
    }

    EncodedMessage finish() {
        closeSegment();
        if (buf.position() != buf.capacity()) {
            throw new IllegalStateException("size computation disagrees with bytes written: "
                    + buf.capacity() + " vs " + buf.position());
        }
        return new EncodedMessage(parts);
    }

    private void closeSegment() {
        int end = buf.position();
        if (end > segmentStart) {
            parts.add(new EncodedMessage.BufferPart(buf.slice(segmentStart, end - segmentStart)));
        }
        segmentStart = end;
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
