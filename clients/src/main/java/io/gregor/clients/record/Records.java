package io.gregor.clients.record;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Record batches as a protocol message carries them (the {@code records} fields of Produce and
 * Fetch): either bytes in memory ({@link MemoryRecords}) or a slice of a log segment file, which the
 * network layer sends without copying it through the heap.
 */
public interface Records {
    /** The number of bytes these records occupy on the wire. */
    int sizeInBytes();

    /**
     * Writes up to {@code length} bytes of these records, starting {@code position} bytes in, to
     * {@code channel}. Returns the number of bytes written, which may be fewer than asked for when
     * the channel is non-blocking.
     */
    long writeTo(WritableByteChannel channel, long position, int length) throws IOException;
}
