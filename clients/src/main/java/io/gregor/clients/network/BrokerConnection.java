package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import io.gregor.clients.security.SaslClientAuthenticator;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one broker with pipelined requests: callers send from any thread (writes are
 * serialized), a reader thread completes each request's future as its response arrives (Kafka
 * answers in request order). At most {@code max.in.flight.requests.per.connection} requests wait
 * at once; a request unanswered after {@code request.timeout.ms} fails with REQUEST_TIMED_OUT and
 * closes the connection, failing every other waiting request with NETWORK_EXCEPTION (retriable).
 * API versions are negotiated when the connection opens (ApiVersions, with the KIP-511 fallback).
 *
 * <p>When the broker gives the SASL session a lifetime ({@code connections.max.reauth.ms}, KIP-368),
 * the connection is due for replacement at 85-95% of it (Kafka's client re-authenticates at that
 * point): {@link NetworkClient} then opens and authenticates a new connection for new requests and
 * {@link #retire()}s this one, which closes once its last response has arrived. So no request is
 * ever sent on a session the broker would end. (Kafka's client re-authenticates on the same
 * connection; a fresh connection checks the credentials the same way and keeps this class simple.)
 */
public final class BrokerConnection implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    private static final int MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

    private record Pending(ApiKey apiKey, short version, CompletableFuture<Struct> future) {
    }

    private final Node node;
    private final BrokerSocket channel;
    private final String clientId;
    private final int requestTimeoutMs;
    private final ScheduledExecutorService timer;
    private final ApiVersionsTable versions;
    private final Semaphore inFlightPermits;
    private final Object writeLock = new Object();
    /** Guarded by itself; insertion order = request order. */
    private final Map<Integer, Pending> inFlight = new LinkedHashMap<>();
    private int nextCorrelationId = 1; // guarded by writeLock
    private volatile boolean closed;
    /** No new requests; close once the last response arrived. Written under writeLock. */
    private volatile boolean retired;
    /** When this connection should be replaced (System.nanoTime), or Long.MAX_VALUE: the session has no end. */
    private final long replaceAtNanos;
    private final Thread reader;

    private BrokerConnection(Node node, BrokerSocket channel, String clientId, int requestTimeoutMs, int maxInFlight,
                             ScheduledExecutorService timer, ApiVersionsTable versions, long replaceAtNanos) {
        this.node = node;
        this.replaceAtNanos = replaceAtNanos;
        this.channel = channel;
        this.clientId = clientId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.timer = timer;
        this.versions = versions;
        this.inFlightPermits = new Semaphore(maxInFlight);
        this.reader = new Thread(this::readLoop, "gregor-client-reader-" + clientId + "-" + node.id());
        this.reader.setDaemon(true);
    }

    /** Connects, negotiates API versions, and starts the reader thread. */
    public static BrokerConnection open(Node node, CommonClientConfig config, ScheduledExecutorService timer)
            throws IOException {
        BrokerSocket channel;
        try {
            channel = BrokerSocket.connect(new InetSocketAddress(node.host(), node.port()), config.connectTimeoutMs(),
                    config.security());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot connect to broker " + node + ": " + e.getMessage(), e);
        }
        try {
            channel.setReadTimeout(config.requestTimeoutMs());
            ApiVersionsTable versions = negotiate(channel, config.clientId());
            long replaceAtNanos = Long.MAX_VALUE;
            if (config.sasl() != null) {
                long startNanos = System.nanoTime();
                long lifetimeMs = authenticate(channel, config, versions);
                if (lifetimeMs > 0) {
                    double fraction = 0.85 + 0.10 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
                    replaceAtNanos = startNanos + (long) (lifetimeMs * fraction) * 1_000_000L;
                }
            }
            BrokerConnection c = new BrokerConnection(node, channel, config.clientId(), config.requestTimeoutMs(),
                    config.maxInFlightRequestsPerConnection(), timer, versions, replaceAtNanos);
            c.reader.start();
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot connect to broker " + node + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SASL exchange of {@code config.sasl()}, one blocking request at a time, before the reader
     * starts; returns the session lifetime the broker gave (0: none).
     */
    private static long authenticate(BrokerSocket channel, CommonClientConfig config, ApiVersionsTable versions)
            throws IOException {
        int[] correlationId = {100};
        return SaslClientAuthenticator.authenticate((api, version, request) -> {
            RequestHeader header = new RequestHeader(api.id, version, correlationId[0]++, config.clientId());
            writeFully(channel, header.writeWithBody(request).withSizePrefix());
            ByteBuffer frame = readFrame(channel);
            ResponseHeader.read(frame, api.responseHeaderVersion(version));
            return MessageCodec.read(frame, api, version, MessageType.RESPONSE);
        }, config.sasl(), versions.versionFor(ApiKey.SASL_AUTHENTICATE, ApiKey.SASL_AUTHENTICATE.maxVersion));
    }

    /** ApiVersions from our highest version down: a broker that does not know ours answers v0 with its range. */
    private static ApiVersionsTable negotiate(BrokerSocket channel, String clientId) throws IOException {
        short version = ApiKey.API_VERSIONS.maxVersion;
        for (int attempt = 0; attempt < 3; attempt++) {
            Struct request = ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "gregor-java")
                    .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "0.1.0");
            RequestHeader header = new RequestHeader(ApiKey.API_VERSIONS.id, version, attempt, clientId);
            writeFully(channel, header.writeWithBody(request).withSizePrefix());
            ByteBuffer frame = readFrame(channel);
            ResponseHeader.read(frame, ApiKey.API_VERSIONS.responseHeaderVersion(version));
            short errorCode = frame.getShort(frame.position());
            if (errorCode == Errors.UNSUPPORTED_VERSION.code() && version > 0) {
                Struct v0 = MessageCodec.read(frame, ApiKey.API_VERSIONS, (short) 0, MessageType.RESPONSE);
                short brokerMax = 0;
                for (Struct k : v0.getStructs(ApiVersionsResponse.API_KEYS)) {
                    if (k.getShort(ApiKeys.API_KEY) == ApiKey.API_VERSIONS.id) {
                        brokerMax = k.getShort(ApiKeys.MAX_VERSION);
                    }
                }
                version = (short) Math.min(brokerMax, version - 1);
                continue;
            }
            Struct response = MessageCodec.read(frame, ApiKey.API_VERSIONS, version, MessageType.RESPONSE);
            Errors error = Errors.forCode(response.getShort(ApiVersionsResponse.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new IOException("ApiVersions v" + version + " answered " + error);
            }
            return ApiVersionsTable.fromResponse(response);
        }
        throw new IOException("ApiVersions negotiation did not settle on a version");
    }

    public Node node() {
        return node;
    }

    public ApiVersionsTable versions() {
        return versions;
    }

    public boolean isOpen() {
        return !closed;
    }

    /** The SASL session nears its end: new requests should go to a new connection. */
    boolean dueForReplacement() {
        return System.nanoTime() - replaceAtNanos >= 0;
    }

    /** True once {@link #retire()} was called: the connection takes no new requests. */
    boolean isRetired() {
        return retired;
    }

    /** Takes no new requests and closes once the responses of those in flight have arrived. */
    void retire() {
        synchronized (writeLock) {
            retired = true;
        }
        closeIfRetiredAndIdle();
    }

    private void closeIfRetiredAndIdle() {
        boolean idle;
        synchronized (writeLock) {
            synchronized (inFlight) {
                idle = retired && inFlight.isEmpty();
            }
        }
        if (idle) {
            close();
        }
    }

    /**
     * Sends at the highest version both sides support (at most {@code maxVersion}); the future fails
     * with GregorApiException. Null (nothing sent) when the connection was {@link #retire() retired}:
     * the caller sends on the connection that replaced it.
     */
    CompletableFuture<Struct> trySend(ApiKey apiKey, Struct request, short maxVersion) {
        CompletableFuture<Struct> future = new CompletableFuture<>();
        short version;
        try {
            version = versions.versionFor(apiKey, maxVersion);
        } catch (GregorApiException e) {
            future.completeExceptionally(e);
            return future;
        }
        if (retired) {
            return null;
        }
        try {
            if (!inFlightPermits.tryAcquire(requestTimeoutMs, TimeUnit.MILLISECONDS)) {
                future.completeExceptionally(new GregorApiException(Errors.REQUEST_TIMED_OUT,
                        "no free in-flight slot on connection to " + node + " within " + requestTimeoutMs + " ms"));
                return future;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
            return future;
        }
        try {
            synchronized (writeLock) {
                if (retired) {
                    inFlightPermits.release();
                    return null;
                }
                future.whenComplete((r, e) -> inFlightPermits.release());
                if (closed) {
                    throw new IOException("connection to " + node + " is closed");
                }
                int correlationId = nextCorrelationId++;
                synchronized (inFlight) {
                    inFlight.put(correlationId, new Pending(apiKey, version, future));
                }
                RequestHeader header = new RequestHeader(apiKey.id, version, correlationId, clientId);
                writeFully(channel, header.writeWithBody(request).withSizePrefix());
                timer.schedule(() -> expire(correlationId), requestTimeoutMs, TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException e) {
            future.completeExceptionally(new GregorApiException(Errors.NETWORK_EXCEPTION,
                    "sending " + apiKey.title + " to " + node + " failed: " + e.getMessage(), e));
            close();
        }
        return future;
    }

    /** Sends a request the broker does not answer (Produce with acks=0). */
    public void sendOneWay(ApiKey apiKey, Struct request, short maxVersion) throws IOException {
        short version = versions.versionFor(apiKey, maxVersion);
        synchronized (writeLock) {
            if (closed || retired) {
                throw new IOException("connection to " + node + " is closed");
            }
            RequestHeader header = new RequestHeader(apiKey.id, version, nextCorrelationId++, clientId);
            writeFully(channel, header.writeWithBody(request).withSizePrefix());
        }
    }

    private void expire(int correlationId) {
        Pending p;
        synchronized (inFlight) {
            p = inFlight.remove(correlationId);
        }
        if (p != null && !p.future.isDone()) {
            log.warn("Request {} (correlation id {}) to {} timed out after {} ms; closing the connection",
                    p.apiKey.title, correlationId, node, requestTimeoutMs);
            closed = true; // before the caller hears of the timeout, so a retry opens a new connection
            p.future.completeExceptionally(new GregorApiException(Errors.REQUEST_TIMED_OUT,
                    p.apiKey.title + " to " + node + " got no response within request.timeout.ms=" + requestTimeoutMs));
            close();
        }
    }

    private void readLoop() {
        try {
            channel.setReadTimeout(0);
            while (!closed) {
                ByteBuffer frame = readFrame(channel);
                int correlationId = frame.getInt(frame.position());
                Pending p;
                synchronized (inFlight) {
                    p = inFlight.remove(correlationId);
                }
                if (p == null) {
                    throw new IOException("response with unexpected correlation id " + correlationId);
                }
                ResponseHeader.read(frame, p.apiKey.responseHeaderVersion(p.version));
                try {
                    p.future.complete(MessageCodec.read(frame, ApiMessages.spec(p.apiKey, MessageType.RESPONSE), p.version));
                } catch (RuntimeException e) {
                    p.future.completeExceptionally(new GregorApiException(Errors.CORRUPT_MESSAGE,
                            "cannot parse " + p.apiKey.title + " v" + p.version + " response from " + node, e));
                    throw new IOException("unparseable response", e);
                }
                if (retired) {
                    closeIfRetiredAndIdle();
                }
            }
        } catch (IOException e) {
            if (!closed) {
                log.info("Connection to {} lost: {}", node, e.getMessage());
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // already broken; nothing more to release
        }
        List<Pending> failed;
        synchronized (inFlight) {
            failed = new ArrayList<>(inFlight.values());
            inFlight.clear();
        }
        for (Pending p : failed) {
            p.future.completeExceptionally(new GregorApiException(Errors.NETWORK_EXCEPTION,
                    "connection to " + node + " closed before the " + p.apiKey.title + " response arrived"));
        }
    }

    private static void writeFully(BrokerSocket channel, EncodedMessage message) throws IOException {
        channel.write(message);
    }

    private static ByteBuffer readFrame(BrokerSocket channel) throws IOException {
        ByteBuffer sizeBuf = ByteBuffer.allocate(4);
        readFully(channel, sizeBuf);
        int size = sizeBuf.getInt(0);
        if (size < 4 || size > MAX_RESPONSE_BYTES) {
            throw new IOException("response frame size " + size + " is outside [4, " + MAX_RESPONSE_BYTES + "]");
        }
        ByteBuffer frame = ByteBuffer.allocate(size);
        readFully(channel, frame);
        return frame.flip();
    }

    private static void readFully(BrokerSocket channel, ByteBuffer buf) throws IOException {
        channel.readFully(buf);
    }
}
