package io.gregor.broker.network;

import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;
import io.gregor.core.log.FileRecords;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Writes an encoded response to a Netty channel part by part: buffers as wrapped ByteBufs, log
 * file slices as file regions (sendfile with epoll, {@code transferTo} with NIO), so record data
 * read from a segment never passes through the heap. On a TLS connection a file slice is read in
 * chunks instead ({@link SegmentChunks}, sent by the pipeline's ChunkedWriteHandler as the socket
 * drains), so a large fetch holds one chunk at a time. Must be called on the channel's event loop.
 */
final class ResponseWriter {
    private ResponseWriter() {
    }

    /**
     * Writes {@code message} (already size-prefixed) without flushing; returns the future of its
     * last write, which completes once the whole message is written (or failed with the connection).
     */
    static ChannelFuture write(ChannelHandlerContext ctx, EncodedMessage message) {
        ChannelFuture last = null;
        for (EncodedMessage.Part part : message.parts()) {
            if (part instanceof EncodedMessage.BufferPart bp) {
                last = ctx.write(Unpooled.wrappedBuffer(bp.buffer().duplicate()));
            } else if (part instanceof EncodedMessage.RecordsPart rp) {
                ChannelFuture f = writeRecords(ctx, rp.records());
                last = f != null ? f : last;
            }
        }
        return last != null ? last : ctx.write(Unpooled.EMPTY_BUFFER);
    }

    /** Writes a records payload; null when it is empty (nothing written). */
    private static ChannelFuture writeRecords(ChannelHandlerContext ctx, Records records) {
        int size = records.sizeInBytes();
        if (size == 0) {
            return null;
        }
        if (records instanceof FileRecords file) {
            if (ctx.pipeline().get(SslHandler.class) != null) { // TLS encrypts in memory: read the slice in chunks
                return ctx.write(new SegmentChunks(file.channel(), file.position(), size));
            }
            return ctx.write(new SegmentFileRegion(file.channel(), file.position(), size));
        } else if (records instanceof MemoryRecords memory) {
            return ctx.write(Unpooled.wrappedBuffer(memory.buffer().duplicate()));
        } else {
            ByteBuf buf = Unpooled.buffer(size);
            try (WritableByteChannel out = Channels.newChannel(new ByteBufOutputStream(buf))) {
                long written = 0;
                while (written < size) {
                    written += records.writeTo(out, written, (int) (size - written));
                }
            } catch (IOException e) {
                buf.release();
                throw new UncheckedIOException("copying " + records + " into a response failed", e);
            }
            return ctx.write(buf);
        }
    }

    /**
     * A file region over a segment's channel that leaves the channel open when released: the log
     * owns it, the response only borrows a slice.
     */
    private static final class SegmentFileRegion extends DefaultFileRegion {
        SegmentFileRegion(FileChannel channel, long position, long count) {
            super(channel, position, count);
        }

        @Override
        protected void deallocate() {
            // the segment's FileChannel belongs to the log; nothing to release here
        }
    }
}
