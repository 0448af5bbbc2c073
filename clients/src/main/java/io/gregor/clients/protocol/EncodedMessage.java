package io.gregor.clients.protocol;

import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * An encoded message as an ordered list of parts: buffers holding encoded bytes, and records
 * payloads kept by reference (possibly file slices) so that the network layer can send them
 * without copying. Immutable; buffer parts are read through duplicates.
 */
public final class EncodedMessage {
    /** One piece of an encoded message. */
    public sealed interface Part permits BufferPart, RecordsPart {
        int sizeInBytes();
    }

    /** Encoded bytes, position..limit. */
    public record BufferPart(ByteBuffer buffer) implements Part {
        @Override
        public int sizeInBytes() {
            return buffer.remaining();
        }
    }

    /** A records payload, written out as is. */
    public record RecordsPart(Records records) implements Part {
        @Override
        public int sizeInBytes() {
            return records.sizeInBytes();
        }
    }

    private final List<Part> parts;
    private final int size;

    public EncodedMessage(List<Part> parts) {
        this.parts = List.copyOf(parts);
        long total = 0;
        for (Part p : this.parts) {
            total += p.sizeInBytes();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("encoded message of " + total + " bytes is too large");
        }
        this.size = (int) total;
    }

    /** The messages' parts one after the other (for header + body). */
    public static EncodedMessage concat(EncodedMessage... messages) {
        List<Part> all = new ArrayList<>();
        for (EncodedMessage m : messages) {
            all.addAll(m.parts);
        }
        return new EncodedMessage(all);
    }

    /** This message preceded by its size as a 4-byte int, as frames go on the wire. */
    public EncodedMessage withSizePrefix() {
        List<Part> all = new ArrayList<>(parts.size() + 1);
        all.add(new BufferPart(ByteBuffer.allocate(4).putInt(0, size)));
        all.addAll(parts);
        return new EncodedMessage(all);
    }

    public List<Part> parts() {
        return parts;
    }

    public int sizeInBytes() {
        return size;
    }

    /** Copies all parts, records included, into one new buffer (position 0, limit = size). */
    public ByteBuffer toByteBuffer() {
        ByteBuffer out = ByteBuffer.allocate(size);
        for (Part p : parts) {
            if (p instanceof BufferPart b) {
                out.put(b.buffer().duplicate());
            } else {
                Records r = ((RecordsPart) p).records();
                if (r instanceof MemoryRecords m) {
                    out.put(m.buffer());
                } else {
                    copyRecords(r, out);
                }
            }
        }
        return out.flip();
    }

    private static void copyRecords(Records records, ByteBuffer out) {
        WritableByteChannel sink = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                out.put(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        int total = records.sizeInBytes();
        long done = 0;
        try {
            while (done < total) {
                long n = records.writeTo(sink, done, (int) (total - done));
                if (n <= 0) {
                    throw new IllegalStateException("records wrote nothing at position " + done + " of " + total);
                }
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying records into a buffer", e);
        }
    }

    @Override
    public String toString() {
        return "EncodedMessage(" + size + " bytes in " + parts.size() + " parts)";
    }
}
