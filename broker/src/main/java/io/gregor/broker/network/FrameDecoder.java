package io.gregor.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream of one connection into request frames (a 4-byte big-endian size then
 * that many bytes), each handed on as a heap {@link ByteBuffer} the request may keep (Produce
 * records point into it). A size below zero or above the limit is logged once and the connection
 * closed; nothing more is read from it.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);

    private final int maxFrameBytes;
    private final String connectionId;
    private boolean rejected;

    FrameDecoder(int maxFrameBytes, String connectionId) {
        this.maxFrameBytes = maxFrameBytes;
        this.connectionId = connectionId;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int size = in.getInt(in.readerIndex());
            if (size < 0 || size > maxFrameBytes) {
                rejected = true;
                log.warn("Closing connection {}: request frame of {} bytes is outside [0, {}] (socket.request.max.bytes)",
                        connectionId, size, maxFrameBytes);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < 4 + size) {
                return;
            }
            in.skipBytes(4);
            byte[] frame = new byte[size];
            in.readBytes(frame);
            out.add(ByteBuffer.wrap(frame));
        }
    }
}
