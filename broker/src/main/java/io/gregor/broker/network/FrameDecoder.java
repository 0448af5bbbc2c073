package io.gregor.broker.network;

import io.gregor.broker.security.SaslAuthenticator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream of one connection into request frames (a 4-byte big-endian size then
 * that many bytes), each handed on as a {@link RequestFrame}: a heap buffer the request may keep
 * (Produce records point into it) and the bytes reserved for it in the {@link RequestMemoryPool}.
 *
 * <p>A frame of up to 1 MiB is reserved whole, and gets its whole buffer, once its size is read;
 * a larger one starts with a buffer of 64 KiB that doubles as its bytes actually arrive, and only
 * the buffer is reserved, each doubling before it is allocated. So a size that lies (100 MB
 * declared, a few bytes sent) holds 64 KiB of the pool, not 100 MB, however long its connection
 * stays open (Kafka reserves the declared size at once). Whenever the pool has no memory for a
 * reservation, the connection stops reading ({@link ReadGate.Reason#REQUEST_MEMORY}) and waits for
 * a release, keeping the bytes already read.
 * A size below zero or above {@code socket.request.max.bytes} is logged once and the connection
 * closed; nothing more is read from it. Confined to the channel's event loop (a release may wake
 * it from another thread; the wake-up is handed to the event loop).
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(FrameDecoder.class);
    /** Frames up to this size get their whole buffer at once. */
    private static final int WHOLE_ALLOCATION = 1 << 20;
    /** Larger frames start with this much and double as their bytes arrive. */
    private static final int FIRST_ALLOCATION = 64 << 10;

    private final int maxFrameBytes;
    /** The connection's SASL state (null without SASL); event loop only, as this decoder. */
    private final SaslAuthenticator sasl;
    private final int saslMaxReceiveBytes;
    private final String connectionId;
    private final RequestMemoryPool pool;
    private ChannelHandlerContext ctx;

    // All below: event loop only.
    private int sizeBytesRead;      // of the current size prefix
    private int size;               // the current frame's size, once its prefix is read
    private boolean awaitingMemory; // size read, reservation refused, registered with the pool
    private boolean readingBody;    // size read (and valid): taking in the body
    private long reserved;          // bytes reserved for the current frame, not yet handed on
    private long pendingReservation; // while awaiting memory: the bytes the next reservation needs
    private byte[] body;
    private int bodyFilled;
    private CompositeByteBuf held;  // bytes that arrived while awaiting memory
    private boolean closed;

    FrameDecoder(int maxFrameBytes, String connectionId, RequestMemoryPool pool) {
        this(maxFrameBytes, connectionId, pool, null, Integer.MAX_VALUE);
    }

    /**
     * A decoder for a connection of a SASL listener: until {@code sasl} has authenticated the
     * connection, frames are also held to {@code saslMaxReceiveBytes} ({@code sasl.server.max.receive.size}),
     * so an unauthenticated client cannot make the broker allocate a large frame.
     */
    FrameDecoder(int maxFrameBytes, String connectionId, RequestMemoryPool pool, SaslAuthenticator sasl,
                 int saslMaxReceiveBytes) {
        this.maxFrameBytes = maxFrameBytes;
        this.connectionId = connectionId;
        this.pool = pool;
        this.sasl = sasl;
        this.saslMaxReceiveBytes = saslMaxReceiveBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (closed) {
                return;
            }
            if (!awaitingMemory) {
                consume(in);
            }
            if (awaitingMemory && in.isReadable()) {
                hold(in);
            }
        } finally {
            in.release();
        }
    }

    /** Reads frames from {@code in} until it is empty, memory runs out or the connection is refused. */
    private void consume(ByteBuf in) {
        while (in.isReadable() && !awaitingMemory && !closed) {
            if (!readingBody) {
                while (sizeBytesRead < 4 && in.isReadable()) {
                    size = (size << 8) | in.readUnsignedByte();
                    sizeBytesRead++;
                }
                if (sizeBytesRead < 4) {
                    return;
                }
                sizeBytesRead = 0;
                if (size < 0 || size > maxFrameBytes) {
                    refuse();
                    return;
                }
                if (sasl != null && size > saslMaxReceiveBytes && !sasl.isAuthenticated()) {
                    closed = true;
                    log.warn("Closing connection {}: frame of {} bytes before SASL authentication is larger than "
                            + "sasl.server.max.receive.size ({})", connectionId, size, saslMaxReceiveBytes);
                    ctx.close();
                    return;
                }
                readingBody = true;
                bodyFilled = 0;
                if (size == 0) {
                    emit();
                    continue;
                }
                if (!reserveFor(size <= WHOLE_ALLOCATION ? size : FIRST_ALLOCATION)) {
                    return;
                }
                continue;
            }
            int n = Math.min(in.readableBytes(), size - bodyFilled);
            if (!reserveFor(capacityFor(bodyFilled + n))) {
                return;
            }
            ensureCapacity(bodyFilled + n);
            in.readBytes(body, bodyFilled, n);
            bodyFilled += n;
            if (bodyFilled == size) {
                emit();
            }
        }
    }

    /**
     * Makes the current frame's reservation at least {@code bytes}; false (reading paused, waiting
     * for the pool) when the pool has no memory for the difference.
     */
    private boolean reserveFor(long bytes) {
        long missing = bytes - reserved;
        if (missing <= 0) {
            return true;
        }
        if (!pool.tryReserve(missing)) {
            pendingReservation = missing;
            awaitMemory();
            return false;
        }
        reserved += missing;
        return true;
    }

    /** The buffer capacity the current frame needs to hold {@code needed} bytes (what is reserved for it). */
    private int capacityFor(int needed) {
        if (size <= WHOLE_ALLOCATION) {
            return size;
        }
        int current = body == null ? 0 : body.length;
        if (needed <= current) {
            return current;
        }
        return (int) Math.min(size, Math.max(needed, Math.max(FIRST_ALLOCATION, 2L * current)));
    }

    private void ensureCapacity(int needed) {
        int capacity = capacityFor(needed);
        if (body == null) {
            body = new byte[capacity];
        } else if (capacity > body.length) {
            body = Arrays.copyOf(body, capacity);
        }
    }

    private void emit() {
        ByteBuffer frame = size == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body, 0, size);
        RequestFrame request = new RequestFrame(frame, reserved);
        readingBody = false;
        reserved = 0;
        body = null;
        bodyFilled = 0;
        size = 0;
        ctx.fireChannelRead(request);
    }

    private void refuse() {
        closed = true;
        log.warn("Closing connection {}: request frame of {} bytes is outside [0, {}] (socket.request.max.bytes)",
                connectionId, size, maxFrameBytes);
        ctx.close();
    }

    private void awaitMemory() {
        awaitingMemory = true;
        gate().pause(ReadGate.Reason.REQUEST_MEMORY);
        log.debug("Connection {}: no request memory for {} more bytes of a frame of {} bytes ({}); reading paused",
                connectionId, pendingReservation, size, pool);
        pool.awaitMemory(this::wakeUp);
    }

    /** Called by the pool on a releasing thread: retry on the event loop. */
    private void wakeUp() {
        try {
            ctx.executor().execute(this::retryReservation);
        } catch (RejectedExecutionException e) {
            pool.wakeOneIfFree(); // this connection's event loop is gone; let the next one try
        }
    }

    private void retryReservation() {
        if (closed || !awaitingMemory) {
            pool.wakeOneIfFree();
            return;
        }
        if (!pool.tryReserve(pendingReservation)) {
            pool.awaitMemory(this::wakeUp);
            return;
        }
        reserved += pendingReservation;
        pendingReservation = 0;
        awaitingMemory = false;
        pool.wakeOneIfFree();
        CompositeByteBuf pending = held;
        held = null;
        if (pending != null) {
            try {
                consume(pending);
                if (awaitingMemory && pending.isReadable()) {
                    hold(pending);
                }
            } finally {
                pending.release();
            }
        }
        if (!awaitingMemory && !closed) {
            gate().resume(ReadGate.Reason.REQUEST_MEMORY);
        }
    }

    private void hold(ByteBuf in) {
        if (held == null) {
            held = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        }
        held.addComponent(true, in.retainedSlice());
    }

    private ReadGate gate() {
        return ctx.channel().attr(ReadGate.KEY).get();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dispose();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dispose();
    }

    /** Gives back the reservation of a frame never handed on and the bytes held; a waiting connection passes its turn. */
    private void dispose() {
        closed = true;
        if (reserved > 0) {
            pool.release(reserved);
            reserved = 0;
        }
        body = null;
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
