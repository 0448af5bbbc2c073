package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.DecodeBudget;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.ProtocolException;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: decodes each request frame, runs its {@link ApiHandler} on the
 * request-handler pool (the handlers of one connection are called one at a time, in request
 * order, see {@link SerialExecutor}), and sends the responses strictly in request order even when
 * the handlers' futures complete out of order (pipelining is allowed). Requests that cannot be understood close this
 * connection only, with one log line. All state is confined to the channel's event loop.
 *
 * <p>Request memory: each frame arrives with its bytes reserved in the {@link RequestMemoryPool};
 * decoding adds the estimated heap of the decoded request to that reservation, and the whole of it
 * is released when the request's handler future completes (for Produce, after the append, also
 * with acks=0; also when the connection is gone by then), or at once for a request that never
 * reaches a handler. A request whose decoding would take the pool past its hard limit
 * ({@link RequestMemoryPool#pastHardLimit()}) closes the connection.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    /** Reading pauses while this many requests of the connection await their responses. */
    private static final int MAX_QUEUED_REQUESTS = 100;

    /** A request awaiting its turn to be answered. Event-loop confined. */
    private static final class Pending {
        final RequestContext context;
        final short responseVersion;
        boolean done;
        Struct response;
        boolean closeConnection;

        Pending(RequestContext context, short responseVersion) {
            this.context = context;
            this.responseVersion = responseVersion;
        }
    }

    /** A request's reservation in the pool: its frame, plus its decoded form as it is built. */
    private final class Reservation implements DecodeBudget {
        private long bytes;
        private boolean refused;
        private boolean released;

        Reservation(long frameBytes) {
            this.bytes = frameBytes;
        }

        @Override
        public void charge(long decoded) {
            pool.reserveForced(decoded);
            bytes += decoded;
            if (pool.pastHardLimit()) {
                refused = true;
                throw new ProtocolException("requests would hold more than queued.max.request.bytes ("
                        + pool.capacity() + ") plus socket.request.max.bytes");
            }
        }

        /** Gives the bytes back; only the first call counts (a handler's future completes once). */
        void release() {
            if (!released) {
                released = true;
                pool.release(bytes);
            }
        }
    }

    private final String listenerName;
    private final String connectionId;
    private final ApiHandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;
    private final Executor requestPool;
    private final InFlightRequests inFlight;
    private final RequestMemoryPool pool;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean closed;
    private ChannelHandlerContext ctx;
    /** When a request last arrived or a response left (System.nanoTime); written on the event loop. */
    private volatile long lastActiveNanos = System.nanoTime();

    ConnectionHandler(String listenerName, String connectionId, ApiHandlerRegistry registry,
                      ApiVersionsHandler apiVersions, Executor requestPool, InFlightRequests inFlight,
                      RequestMemoryPool pool) {
        this.listenerName = listenerName;
        this.connectionId = connectionId;
        this.registry = registry;
        this.apiVersions = apiVersions;
        this.requestPool = new SerialExecutor(requestPool, "connection " + connectionId);
        this.inFlight = inFlight;
        this.pool = pool;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActiveNanos = System.nanoTime();
        RequestFrame received = (RequestFrame) msg;
        Reservation reservation = new Reservation(received.reservedBytes());
        if (closed) {
            reservation.release();
            return;
        }
        if (!handOver(received.bytes(), reservation)) {
            reservation.release();
        }
    }

    /** Decodes and dispatches one frame; false when it never reached a handler (its memory is free at once). */
    private boolean handOver(ByteBuffer frame, Reservation reservation) {
        RequestHeader header;
        try {
            header = RequestHeader.read(frame);
        } catch (RuntimeException e) {
            closeWithLog("unreadable request header: " + e.getMessage());
            return false;
        }
        ApiKey apiKey = ApiKey.forId(header.apiKey());
        if (apiKey == null) {
            closeWithLog("unknown api key " + header.apiKey() + " (client " + header.clientId()
                    + ", correlation id " + header.correlationId() + ")");
            return false;
        }
        RequestContext context = new RequestContext(header, apiKey, listenerName,
                (InetSocketAddress) ctx.channel().remoteAddress(), connectionId);
        if (apiKey == ApiKey.API_VERSIONS && !apiKey.isVersionSupported(header.apiVersion())) {
            Pending pending = enqueue(context, (short) 0);
            complete(pending, apiVersions.unsupportedVersionResponse(), null);
            return false;
        }
        if (!apiKey.isVersionSupported(header.apiVersion())) {
            closeWithLog("unsupported version " + header.apiVersion() + " of " + apiKey.title + " (supported "
                    + apiKey.minVersion + "-" + apiKey.maxVersion + ", client " + header.clientId()
                    + ", correlation id " + header.correlationId() + ")");
            return false;
        }
        Struct request;
        try {
            request = MessageCodec.read(frame, apiKey, header.apiVersion(), MessageType.REQUEST, reservation);
        } catch (RuntimeException e) {
            closeWithLog((reservation.refused ? "refused " : "malformed ") + apiKey.title + " v" + header.apiVersion()
                    + " request (client " + header.clientId() + ", correlation id " + header.correlationId() + "): "
                    + e.getMessage());
            return false;
        }
        ApiHandler handler = apiKey == ApiKey.API_VERSIONS ? apiVersions : registry.handler(apiKey);
        Pending pending = enqueue(context, header.apiVersion());
        if (handler == null) {
            log.info("Connection {}: {} is not served by this broker (client {}, correlation id {})",
                    connectionId, apiKey.title, header.clientId(), header.correlationId());
            complete(pending, ErrorResponses.build(apiKey, header.apiVersion(), Errors.UNSUPPORTED_VERSION), null);
            return false;
        }
        try {
            requestPool.execute(() -> invoke(handler, pending, request, reservation));
        } catch (RejectedExecutionException e) {
            complete(pending, null, e);
            return false;
        }
        return true;
    }

    private Pending enqueue(RequestContext context, short responseVersion) {
        Pending pending = new Pending(context, responseVersion);
        queue.add(pending);
        inFlight.added();
        if (queue.size() >= MAX_QUEUED_REQUESTS) {
            gate().pause(ReadGate.Reason.QUEUED_REQUESTS);
        }
        return pending;
    }

    /** Runs on a request-handler thread. */
    private void invoke(ApiHandler handler, Pending pending, Struct request, Reservation reservation) {
        CompletableFuture<Struct> future;
        try {
            future = handler.handle(pending.context, request);
            if (future == null) {
                future = CompletableFuture.failedFuture(new IllegalStateException("handler returned no future"));
            }
        } catch (Throwable t) {
            future = CompletableFuture.failedFuture(t);
        }
        future.whenComplete((response, error) -> {
            reservation.release(); // the request is done with: its records are appended, its fields read
            try {
                ctx.executor().execute(() -> complete(pending, response, error));
            } catch (RejectedExecutionException e) {
                log.debug("Connection {}: response dropped, event loop is shut down", connectionId);
            }
        });
    }

    /** Event loop only. A null response without error means "no response" (acks=0). */
    private void complete(Pending pending, Struct response, Throwable error) {
        if (closed) {
            return;
        }
        RequestHeader header = pending.context.header();
        if (error != null) {
            log.warn("Connection {}: {} v{} failed (client {}, correlation id {}): {}", connectionId,
                    pending.context.apiKey().title, header.apiVersion(), header.clientId(),
                    header.correlationId(), error.toString(), error);
            response = ErrorResponses.build(pending.context.apiKey(), pending.responseVersion, Errors.UNKNOWN_SERVER_ERROR);
            pending.closeConnection = response == null;
        }
        pending.response = response;
        pending.done = true;
        sendReadyResponses();
    }

    private void sendReadyResponses() {
        boolean wrote = false;
        while (!queue.isEmpty() && queue.peek().done) {
            Pending pending = queue.poll();
            inFlight.removed(1);
            if (pending.closeConnection) {
                closeWithLog("no error response can be built for " + pending.context.apiKey().title
                        + " (client " + pending.context.clientId() + ", correlation id "
                        + pending.context.correlationId() + ")");
                return;
            }
            if (pending.response != null) {
                EncodedMessage message;
                try {
                    message = new ResponseHeader(pending.context.correlationId())
                            .writeWithBody(pending.context.apiKey(), pending.responseVersion, pending.response)
                            .withSizePrefix();
                } catch (RuntimeException e) {
                    closeWithLog("cannot encode the " + pending.context.apiKey().title + " v" + pending.responseVersion
                            + " response (client " + pending.context.clientId() + ", correlation id "
                            + pending.context.correlationId() + "): " + e);
                    return;
                }
                ResponseWriter.write(ctx, message);
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
            lastActiveNanos = System.nanoTime();
        }
        if (queue.size() < MAX_QUEUED_REQUESTS) {
            gate().resume(ReadGate.Reason.QUEUED_REQUESTS);
        }
    }

    /** For choosing the least recently active connection to close (any thread). */
    long lastActiveNanos() {
        return lastActiveNanos;
    }

    private ReadGate gate() {
        return ctx.channel().attr(ReadGate.KEY).get();
    }

    /** True when requests of this connection still await responses (event loop only). */
    boolean hasPendingRequests() {
        return !queue.isEmpty();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && queue.isEmpty()) {
            log.info("Closing connection {}: idle for longer than connections.max.idle.ms", connectionId);
            closed = true;
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dropPending();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeWithLog("I/O error: " + cause.getMessage());
    }

    private void closeWithLog(String reason) {
        if (!closed) {
            log.warn("Closing connection {}: {}", connectionId, reason);
        }
        dropPending();
        ctx.close();
    }

    private void dropPending() {
        closed = true;
        if (!queue.isEmpty()) {
            inFlight.removed(queue.size());
            queue.clear();
        }
    }
}
