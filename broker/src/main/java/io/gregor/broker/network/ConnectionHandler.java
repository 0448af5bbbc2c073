package io.gregor.broker.network;

import io.gregor.broker.security.CertificatePrincipal;
import io.gregor.broker.security.ConnectionSecurity;
import io.gregor.broker.security.SaslAuthenticator;
import io.gregor.broker.security.SslPrincipalMapper;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.ProtocolException;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: decodes each request frame, runs its {@link ApiHandler} on the
 * request-handler threads ({@link RequestPools}; the handlers of one connection are called one at
 * a time, in request order, see {@link SerialExecutor}), and sends the responses strictly in request order even when
 * the handlers' futures complete out of order (pipelining is allowed). Requests that cannot be understood close this
 * connection only, with one log line. All state is confined to the channel's event loop.
 *
 * <p>Request memory: each frame arrives with its bytes reserved in the {@link RequestMemoryPool};
 * decoding adds the estimated heap of the decoded request, and encoding the response adds the
 * response's heap bytes (record data sent from log files costs none). All of it is released when
 * the response has been written to the socket, when the handler completes without a response
 * (Produce with acks=0, after the append), when the connection closes, or at once for a
 * request that never reaches a handler. A request whose decoding would take the pool past its hard
 * limit ({@link RequestMemoryPool#pastHardLimit()}) closes the connection. A request its handler
 * parks (answers later: a Fetch waiting for data, a JoinGroup for its rebalance) moves from the
 * pool to the {@link ParkedRequestMemory}, and leaves it when answered; while that is full, a
 * connection that has parked requests stops reading until they are answered. Reading also pauses
 * while the connection's unsent responses are above Netty's write buffer high-water mark, so a
 * client that does not read its responses cannot make the broker hold more of them.
 *
 * <p>When the connection closes, the handlers' futures of its unanswered requests are cancelled
 * (a handler whose wait can end early, such as a parked Fetch leaving its purgatory, propagates
 * the cancellation), requests not yet handed to their handler are skipped, and their memory is
 * given back at once.
 *
 * <p>Metrics: each request's phases ({@link RequestTimes}: received, picked up by a handler thread,
 * handler returned, answer ready, taken by this event loop, written) are handed to the
 * {@link RequestObserver} once its response is written; a few {@code System.nanoTime()} reads per
 * request, nothing per record. The server's request and response queue sizes
 * ({@link RequestChannelSizes}) move as requests go to the handler threads and answers come back.
 *
 * <p>On a SASL listener the connection's {@link SaslAuthenticator} is asked first: before
 * authentication only ApiVersions, SaslHandshake and SaslAuthenticate are served (anything else
 * closes the connection), SaslHandshake and SaslAuthenticate are answered on the event loop (cheap:
 * no key derivation), raw tokens after a v0 handshake are answered raw, and a failed authentication
 * closes the connection once its error response is sent.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    /** Reading pauses while this many requests of the connection await their responses. */
    private static final int MAX_QUEUED_REQUESTS = 100;

    private final String listenerName;
    private final String connectionId;
    private final ApiHandlerRegistry registry;
    private final ApiVersionsHandler apiVersions;
    private final RequestPools pools;
    private final SerialExecutor inOrder;
    private final InFlightRequests inFlight;
    private final RequestMemoryPool pool;
    private final ParkedRequestMemory parkedMemory;
    private final ConnectionSecurity security;
    /** The SASL state on a SASL listener, else null. Event loop only. */
    private final SaslAuthenticator sasl;
    private final SslPrincipalMapper principalMapper;
    private final RequestObserver observer;
    private final RequestChannelSizes channelSizes;
    private final ArrayDeque<PendingRequest> queue = new ArrayDeque<>();
    /** Requests of this connection parked by their handlers now. Event loop only. */
    private int parkedCount;
    /** Written on the event loop, read by handler threads (which skip the requests of a closed connection). */
    private volatile boolean closed;
    private long throttledUntilNanos = System.nanoTime(); // event loop only: when a quota throttle ends
    private ChannelHandlerContext ctx;
    /** When a request last arrived or a response left (System.nanoTime); written on the event loop. */
    private volatile long lastActiveNanos = System.nanoTime();

    ConnectionHandler(String listenerName, String connectionId, ApiHandlerRegistry registry,
                      ApiVersionsHandler apiVersions, RequestPools pools, InFlightRequests inFlight,
                      RequestMemoryPool pool, ParkedRequestMemory parkedMemory) {
        this(listenerName, connectionId, registry, apiVersions, pools, inFlight, pool, parkedMemory,
                new ConnectionSecurity("PLAINTEXT"), SslPrincipalMapper.DEFAULT, null, RequestObserver.NONE,
                new RequestChannelSizes());
    }

    /**
     * @param security        the connection's protocol and principal (set here from the client certificate
     *                        when a TLS handshake completes on an SSL listener; SASL sets it after authentication)
     * @param principalMapper {@code ssl.principal.mapping.rules} of the listener
     * @param sasl            the connection's SASL state on a SASL_PLAINTEXT or SASL_SSL listener, else null
     * @param observer        told each request's phases once it is answered (the request metrics)
     * @param channelSizes    the server's request and response queue sizes, kept up to date here
     */
    ConnectionHandler(String listenerName, String connectionId, ApiHandlerRegistry registry,
                      ApiVersionsHandler apiVersions, RequestPools pools, InFlightRequests inFlight,
                      RequestMemoryPool pool, ParkedRequestMemory parkedMemory, ConnectionSecurity security,
                      SslPrincipalMapper principalMapper, SaslAuthenticator sasl, RequestObserver observer,
                      RequestChannelSizes channelSizes) {
        this.observer = observer;
        this.channelSizes = channelSizes;
        this.security = security;
        this.principalMapper = principalMapper;
        this.listenerName = listenerName;
        this.connectionId = connectionId;
        this.registry = registry;
        this.apiVersions = apiVersions;
        this.pools = pools;
        this.inOrder = new SerialExecutor("connection " + connectionId);
        this.inFlight = inFlight;
        this.pool = pool;
        this.parkedMemory = parkedMemory;
        this.sasl = sasl;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        lastActiveNanos = now;
        RequestFrame received = (RequestFrame) msg;
        RequestReservation reservation = new RequestReservation(pool, parkedMemory, received.reservedBytes());
        if (closed || !handOver(received.bytes(), reservation, now)) {
            reservation.release();
        }
    }

    /**
     * Decodes and dispatches one frame; false when no {@link PendingRequest} took it over (the connection
     * is being closed), so its memory is free at once.
     */
    private boolean handOver(ByteBuffer frame, RequestReservation reservation, long receivedNanos) {
        if (sasl != null && sasl.expectsRawToken()) {
            answerRawSaslToken(frame);
            return false;
        }
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
        String refusal = sasl == null ? null : sasl.refusal(apiKey);
        if (refusal != null) {
            closeWithLog(refusal + " (client " + header.clientId() + ", correlation id " + header.correlationId() + ")");
            return false;
        }
        RequestContext context = new RequestContext(header, apiKey, listenerName,
                (InetSocketAddress) ctx.channel().remoteAddress(), connectionId, security.securityProtocol(),
                security.principal());
        if (apiKey == ApiKey.API_VERSIONS && !apiKey.isVersionSupported(header.apiVersion())) {
            PendingRequest pending = enqueue(context, (short) 0, reservation, receivedNanos);
            pending.answeredAt(System.nanoTime()); // not counted: Kafka's names have no such version
            complete(pending, apiVersions.unsupportedVersionResponse(), null);
            return true;
        }
        if (!apiKey.isVersionSupported(header.apiVersion())) {
            closeWithLog("unsupported version " + header.apiVersion() + " of " + apiKey.title + " (supported "
                    + apiKey.minVersion + "-" + apiKey.maxVersion + ", client " + header.clientId()
                    + ", correlation id " + header.correlationId() + ")");
            return false;
        }
        int requestBytes = frame.remaining();
        Struct request;
        try {
            request = MessageCodec.read(frame, apiKey, header.apiVersion(), MessageType.REQUEST, reservation);
        } catch (RuntimeException e) {
            closeWithLog((reservation.refused() ? "refused " : "malformed ") + apiKey.title + " v" + header.apiVersion()
                    + " request (client " + header.clientId() + ", correlation id " + header.correlationId() + "): "
                    + e.getMessage());
            return false;
        }
        RequestObserver.Stats stats = observer.statsFor(apiKey, header.apiVersion(), request);
        if (sasl != null && (apiKey == ApiKey.SASL_HANDSHAKE || apiKey == ApiKey.SASL_AUTHENTICATE)) {
            PendingRequest pending = enqueue(context, header.apiVersion(), reservation, receivedNanos);
            pending.stats = stats;
            pending.requestBytes = requestBytes;
            pending.dequeuedNanos = System.nanoTime();
            SaslAuthenticator.Outcome outcome = sasl.handle(apiKey, header.apiVersion(), request);
            pending.localDoneNanos = System.nanoTime();
            pending.responseDoneNanos = pending.localDoneNanos;
            pending.closeAfterResponse = outcome.close();
            complete(pending, outcome.response(), null);
            return true;
        }
        ApiHandler handler = apiKey == ApiKey.API_VERSIONS ? apiVersions : registry.handler(apiKey);
        PendingRequest pending = enqueue(context, header.apiVersion(), reservation, receivedNanos);
        pending.stats = stats;
        pending.requestBytes = requestBytes;
        if (handler == null) {
            pending.answeredAt(System.nanoTime());
            log.info("Connection {}: {} is not served by this broker (client {}, correlation id {})",
                    connectionId, apiKey.title, header.clientId(), header.correlationId());
            complete(pending, ErrorResponses.build(apiKey, header.apiVersion(), Errors.UNSUPPORTED_VERSION), null);
            return true;
        }
        channelSizes.requestQueued();
        if (inOrder.isIdle() && NetworkThreadFetch.servedOnNetworkThread(apiKey, header.apiVersion(), request,
                registry::fetchSessionPartitions)) {
            // no earlier request of this connection is with a handler, and none can start before this returns
            invoke(handler, pending, request, true);
            return true;
        }
        try {
            inOrder.execute(() -> invoke(handler, pending, request, false), pools.poolFor(apiKey));
        } catch (RejectedExecutionException e) {
            channelSizes.requestDequeued();
            complete(pending, null, e);
        }
        return true;
    }

    /**
     * A raw SASL token after a v0 handshake: its answer goes out raw (size-prefixed, no header); a
     * failed authentication closes the connection without answer, as Kafka does. The client waits
     * for the handshake's answer before it sends a token, so no response is queued before this one.
     */
    private void answerRawSaslToken(ByteBuffer frame) {
        byte[] token = new byte[frame.remaining()];
        frame.get(token);
        byte[] answer = sasl.evaluateRawToken(token);
        if (answer == null) {
            closeWithLog("SASL authentication failed");
            return;
        }
        ByteBuffer sizePrefix = ByteBuffer.allocate(4).putInt(0, answer.length);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(sizePrefix, ByteBuffer.wrap(answer)));
        lastActiveNanos = System.nanoTime();
    }

    private PendingRequest enqueue(RequestContext context, short responseVersion, RequestReservation reservation,
                            long receivedNanos) {
        PendingRequest pending = new PendingRequest(context, responseVersion, reservation, receivedNanos);
        queue.add(pending);
        inFlight.added();
        if (queue.size() >= MAX_QUEUED_REQUESTS) {
            gate().pause(ReadGate.Reason.QUEUED_REQUESTS);
        }
        return pending;
    }

    /**
     * Runs on a request-handler thread, or with {@code onEventLoop} on this connection's event loop
     * ({@link NetworkThreadFetch}), where an answer ready when the handler returns is sent at once.
     */
    private void invoke(ApiHandler handler, PendingRequest pending, Struct request, boolean onEventLoop) {
        channelSizes.requestDequeued();
        pending.dequeuedNanos = System.nanoTime();
        CompletableFuture<Struct> future;
        if (closed) { // the client is gone: nobody would read the answer
            future = CompletableFuture.failedFuture(new CancellationException("connection closed"));
        } else {
            try {
                future = handler.handle(pending.context, request);
                if (future == null) {
                    future = CompletableFuture.failedFuture(new IllegalStateException("handler returned no future"));
                }
            } catch (Throwable t) {
                future = CompletableFuture.failedFuture(t);
            }
        }
        // local time ends when the handler returns; an answer complete by then has no remote time (as in
        // Kafka, where a response sent from inside the handler ends local time and leaves no remote time)
        pending.localDoneNanos = System.nanoTime();
        pending.future = future;
        if (onEventLoop && future.isDone()) { // the answer is ready: no hand-off to the event loop needed
            future.whenComplete((response, error) -> { // runs now, on this thread
                pending.responseDoneNanos = pending.localDoneNanos;
                complete(pending, response, error);
            });
            return;
        }
        if (onEventLoop) {
            park(pending); // before the completion below can be handed over
        } else if (!future.isDone()) {
            if (closed) {
                future.cancel(false); // closed while the handler ran: dropPending may not have seen the future
            }
            try { // before the completion below is handed over, so the event loop sees park, then complete
                ctx.executor().execute(() -> park(pending));
            } catch (RejectedExecutionException e) {
                log.debug("Connection {}: event loop is shut down", connectionId);
            }
        }
        future.whenComplete((response, error) -> {
            pending.responseDoneNanos = System.nanoTime(); // runs after localDoneNanos was set, on whatever thread
            channelSizes.responseQueued();
            try {
                ctx.executor().execute(() -> {
                    channelSizes.responseDequeued();
                    complete(pending, response, error);
                });
            } catch (RejectedExecutionException e) {
                channelSizes.responseDequeued();
                log.debug("Connection {}: response dropped, event loop is shut down", connectionId);
                pending.reservation.release(); // the broker is stopping; the count no longer matters much
            }
        });
    }

    /** Event loop only: the handler took the request and will answer later. */
    private void park(PendingRequest pending) {
        if (closed || pending.done || pending.parked) {
            return;
        }
        pending.parked = true;
        pending.reservation.park();
        parkedCount++;
        if (parkedMemory.isFull()) {
            gate().pause(ReadGate.Reason.PARKED_REQUESTS);
        }
    }

    /** Event loop only. A null response without error means "no response" (acks=0). */
    private void complete(PendingRequest pending, Struct response, Throwable error) {
        if (pending.parked) {
            pending.parked = false;
            pending.reservation.unpark();
            if (--parkedCount == 0 && !closed) {
                gate().resume(ReadGate.Reason.PARKED_REQUESTS);
            }
        }
        if (closed) {
            pending.reservation.release();
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
        Field<Integer> throttleField = response == null ? null : ResponseParts.throttleTimeField(pending.context.apiKey());
        pending.throttleTimeMs = throttleField == null ? 0 : response.getInt(throttleField);
        if (response != null) {
            pending.stats.responded(response);
        }
        sendReadyResponses();
        muteForThrottle(pending.throttleTimeMs);
    }

    /**
     * A response reporting a quota throttle ({@code ThrottleTimeMs} above 0) stops reading from this
     * connection for that long (Kafka mutes the channel likewise); a longer throttle extends it.
     */
    private void muteForThrottle(int throttleMs) {
        if (throttleMs <= 0) {
            return;
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(throttleMs);
        if (until - throttledUntilNanos <= 0) {
            return;
        }
        throttledUntilNanos = until;
        gate().pause(ReadGate.Reason.THROTTLED);
        ctx.executor().schedule(this::unmuteWhenDue, throttleMs, TimeUnit.MILLISECONDS);
    }

    private void unmuteWhenDue() {
        long left = throttledUntilNanos - System.nanoTime();
        if (left > 0) {
            ctx.executor().schedule(this::unmuteWhenDue, left, TimeUnit.NANOSECONDS);
        } else if (!closed) {
            gate().resume(ReadGate.Reason.THROTTLED);
        }
    }

    private void sendReadyResponses() {
        boolean wrote = false;
        while (!queue.isEmpty() && queue.peek().done) {
            PendingRequest pending = queue.poll();
            inFlight.removed(1);
            if (pending.closeConnection) {
                pending.reservation.release();
                closeWithLog("no error response can be built for " + pending.context.apiKey().title
                        + " (client " + pending.context.clientId() + ", correlation id "
                        + pending.context.correlationId() + ")");
                return;
            }
            long dequeued = System.nanoTime();
            if (pending.response == null) {
                pending.reservation.release(); // acks=0: nothing to send
                pending.record(dequeued, dequeued);
                continue;
            }
            EncodedMessage message;
            try {
                message = new ResponseHeader(pending.context.correlationId())
                        .writeWithBody(pending.context.apiKey(), pending.responseVersion, pending.response)
                        .withSizePrefix();
            } catch (RuntimeException e) {
                pending.reservation.release();
                closeWithLog("cannot encode the " + pending.context.apiKey().title + " v" + pending.responseVersion
                        + " response (client " + pending.context.clientId() + ", correlation id "
                        + pending.context.correlationId() + "): " + e);
                return;
            }
            pending.response = null;
            pending.reservation.chargeResponse(ResponseParts.heapBytes(message));
            var written = ResponseWriter.write(ctx, message);
            written.addListener(f -> { // sent, or failed with the connection
                pending.reservation.release();
                if (f.isSuccess()) {
                    pending.record(dequeued, System.nanoTime());
                }
            });
            wrote = true;
            if (pending.closeAfterResponse) {
                ctx.flush();
                written.addListener(ChannelFutureListener.CLOSE);
                dropPending();
                return;
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

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            gate().resume(ReadGate.Reason.UNSENT_RESPONSES);
        } else {
            gate().pause(ReadGate.Reason.UNSENT_RESPONSES);
        }
        super.channelWritabilityChanged(ctx);
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

    /** The connection's security state (for SASL authentication on this connection). */
    ConnectionSecurity security() {
        return security;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            tlsHandshakeCompleted(ctx, handshake);
            return;
        }
        if (evt instanceof IdleStateEvent && queue.isEmpty()) {
            log.info("Closing connection {}: idle for longer than connections.max.idle.ms", connectionId);
            dropPending();
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * The TLS handshake ended (before any request can be read): on success the principal of an SSL
     * connection is its client certificate's subject after the mapping rules (ANONYMOUS without a certificate);
     * a failed handshake, or a subject no rule maps, closes the connection with one log line.
     */
    private void tlsHandshakeCompleted(ChannelHandlerContext ctx, SslHandshakeCompletionEvent handshake) {
        if (!handshake.isSuccess()) {
            Throwable cause = handshake.cause();
            if (cause instanceof java.nio.channels.ClosedChannelException || !ctx.channel().isActive()) {
                // the peer left before the handshake (a TCP probe, as the controller's failure detector sends)
                log.debug("Connection {}: closed before the TLS handshake on listener {}", connectionId, listenerName);
                dropPending();
                ctx.close();
                return;
            }
            closeWithLog("TLS handshake failed on listener " + listenerName + ": "
                    + (cause == null ? "unknown" : cause.getMessage()));
            return;
        }
        if (!security.securityProtocol().equals("SSL")) {
            return; // SASL_SSL: the principal is the one SASL authenticates, not the certificate's (as in Kafka)
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            security.setPrincipal(CertificatePrincipal.of(ssl.engine().getSession(), principalMapper));
            log.debug("Connection {}: TLS session {} as {}", connectionId, ssl.engine().getSession().getProtocol(),
                    security.principal());
        } catch (SslPrincipalMapper.NoMatchingRuleException e) {
            closeWithLog("authentication failed on listener " + listenerName + " from "
                    + ctx.channel().remoteAddress() + ": " + e.getMessage());
        }
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

    /**
     * Forgets the requests awaiting their turn and gives their memory back now; the handlers of
     * those not yet answered have their futures cancelled (so a parked Fetch stops waiting), and
     * those not yet handed to a handler are skipped ({@link #invoke} sees the connection closed).
     */
    private void dropPending() {
        closed = true;
        if (!queue.isEmpty()) {
            inFlight.removed(queue.size());
            for (PendingRequest p : queue) {
                p.reservation.release();
                CompletableFuture<Struct> future = p.future;
                if (!p.done && future != null) {
                    future.cancel(false);
                }
            }
            queue.clear();
        }
    }
}
