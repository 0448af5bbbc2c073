package io.gregor.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.nio.channels.FileChannel;

/**
 * A slice of a log segment read in chunks, for connections whose bytes must pass through the JVM
 * (TLS): positional reads, so the segment's channel is shared safely, and never closed (the log owns
 * it). A ChunkedWriteHandler pulls the next chunk only while the connection is writable, so a large
 * fetch response holds at most a chunk or so in memory. Used by one event loop.
 */
final class SegmentChunks implements ChunkedInput<ByteBuf> {
    /** Large enough for few reads, small enough that TLS records are cut from it without waste (16 KiB each). */
    static final int CHUNK_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long start;
    private final long length;
    private long offset;

    SegmentChunks(FileChannel channel, long start, long length) {
        this.channel = channel;
        this.start = start;
        this.length = length;
    }

    @Override
    public boolean isEndOfInput() {
        return offset >= length;
    }

    @Override
    public void close() {
        // the segment's channel belongs to the log
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        if (isEndOfInput()) {
            return null;
        }
        int size = (int) Math.min(CHUNK_BYTES, length - offset);
        ByteBuf chunk = allocator.buffer(size);
        boolean done = false;
        try {
            int read = 0;
            while (read < size) {
                int n = chunk.writeBytes(channel, start + offset + read, size - read);
                if (n < 0) {
                    throw new java.io.EOFException("log segment ended " + (size - read) + " bytes early at position "
                            + (start + offset + read));
                }
                read += n;
            }
            offset += size;
            done = true;
            return chunk;
        } finally {
            if (!done) {
                chunk.release();
            }
        }
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return offset;
    }
}
