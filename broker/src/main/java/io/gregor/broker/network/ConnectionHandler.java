package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
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

    private final String listenerName;
    private final String connectionId;
    private final ApiHandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;
    private final Executor requestPool;
    private final InFlightRequests inFlight;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean closed;
    private ChannelHandlerContext ctx;

    ConnectionHandler(String listenerName, String connectionId, ApiHandlerRegistry registry,
                      ApiVersionsHandler apiVersions, Executor requestPool, InFlightRequests inFlight) {
        this.listenerName = listenerName;
        this.connectionId = connectionId;
        this.registry = registry;
        this.apiVersions = apiVersions;
        this.requestPool = new SerialExecutor(requestPool, "connection " + connectionId);
        this.inFlight = inFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            return;
        }
        ByteBuffer frame = (ByteBuffer) msg;
        RequestHeader header;
        try {
            header = RequestHeader.read(frame);
        } catch (RuntimeException e) {
            closeWithLog("unreadable request header: " + e.getMessage());
            return;
        }
        ApiKey apiKey = ApiKey.forId(header.apiKey());
        if (apiKey == null) {
            closeWithLog("unknown api key " + header.apiKey() + " (client " + header.clientId()
                    + ", correlation id " + header.correlationId() + ")");
            return;
        }
        RequestContext context = new RequestContext(header, apiKey, listenerName,
                (InetSocketAddress) ctx.channel().remoteAddress(), connectionId);
        if (apiKey == ApiKey.API_VERSIONS && !apiKey.isVersionSupported(header.apiVersion())) {
            Pending pending = enqueue(context, (short) 0);
            complete(pending, apiVersions.unsupportedVersionResponse(), null);
            return;
        }
        if (!apiKey.isVersionSupported(header.apiVersion())) {
            closeWithLog("unsupported version " + header.apiVersion() + " of " + apiKey.title + " (supported "
                    + apiKey.minVersion + "-" + apiKey.maxVersion + ", client " + header.clientId()
                    + ", correlation id " + header.correlationId() + ")");
            return;
        }
        Struct request;
        try {
            request = MessageCodec.read(frame, apiKey, header.apiVersion(), MessageType.REQUEST);
        } catch (RuntimeException e) {
            closeWithLog("malformed " + apiKey.title + " v" + header.apiVersion() + " request (client "
                    + header.clientId() + ", correlation id " + header.correlationId() + "): " + e.getMessage());
            return;
        }
        ApiHandler handler = apiKey == ApiKey.API_VERSIONS ? apiVersions : registry.handler(apiKey);
        Pending pending = enqueue(context, header.apiVersion());
        if (handler == null) {
            log.info("Connection {}: {} is not served by this broker (client {}, correlation id {})",
                    connectionId, apiKey.title, header.clientId(), header.correlationId());
            complete(pending, ErrorResponses.build(apiKey, header.apiVersion(), Errors.UNSUPPORTED_VERSION), null);
            return;
        }
        try {
            requestPool.execute(() -> invoke(handler, pending, request));
        } catch (RejectedExecutionException e) {
            complete(pending, null, e);
        }
    }

    private Pending enqueue(RequestContext context, short responseVersion) {
        Pending pending = new Pending(context, responseVersion);
        queue.add(pending);
        inFlight.added();
        if (queue.size() >= MAX_QUEUED_REQUESTS) {
            ctx.channel().config().setAutoRead(false);
        }
        return pending;
    }

    /** Runs on a request-handler thread. */
    private void invoke(ApiHandler handler, Pending pending, Struct request) {
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
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof CloseConnectionException close) {
            closeWithLog(close.getMessage());
            return;
        }
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
        }
        if (queue.size() < MAX_QUEUED_REQUESTS && !ctx.channel().config().isAutoRead()
                && !Boolean.TRUE.equals(ctx.channel().attr(SocketServer.DRAINING).get())) {
            ctx.channel().config().setAutoRead(true);
        }
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
