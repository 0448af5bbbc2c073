package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.MessageType;
import io.gregor.clients.protocol.ProtocolException;
import io.gregor.clients.protocol.RequestHeader;
import io.gregor.clients.protocol.ResponseHeader;
import io.gregor.clients.protocol.Struct;
import java.io.Closeable;
import java.io.IOException;
import io.gregor.clients.security.ClientSaslConfig;
import io.gregor.clients.security.ClientSecurity;
import io.gregor.clients.security.SaslClientAuthenticator;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One blocking connection to a Kafka-protocol server: send a request, wait for its response. The
 * simplest building block of the client network layer, used where one request at a time is
 * enough (controller-to-broker channels, tools, tests). Not thread safe: one caller at a time.
 */
public final class KafkaConnection implements Closeable {
    /** SaslAuthenticate v1 (Kafka 1.1 and later): the version every broker a connection may meet supports. */
    private static final short SASL_AUTHENTICATE_VERSION = 1;

    /** Where and how the connection was opened, to open it again when a SASL session ran out while idle. */
    private record Target(InetSocketAddress localAddress, InetSocketAddress address, int connectTimeoutMs,
                          ClientSecurity security) {
    }

    private final Target target;
    /** Replaced only by {@link #reopen()} (caller's thread). */
    private BrokerSocket channel;
    private final String clientId;
    private final int maxResponseBytes;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer reusableFrame; // non-null once reusingResponseBuffer() was called
    /** The read timeout the caller set (0: none); caller's thread only. */
    private int readTimeoutMs;
    /** When the next re-authentication is due (System.nanoTime); Long.MAX_VALUE: never. Caller's thread only. */
    private long reauthenticateAtNanos = Long.MAX_VALUE;
    /** When the SASL session ends as far as this side can tell, less a margin; Long.MAX_VALUE: never. */
    private long sessionEndsAtNanos = Long.MAX_VALUE;
    private int nextCorrelationId;

    private KafkaConnection(Target target, BrokerSocket channel, String clientId, int maxResponseBytes) {
        this.target = target;
        this.channel = channel;
        this.clientId = clientId;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** Connects to {@code address} without TLS, blocking for at most {@code connectTimeoutMs}. */
    public static KafkaConnection connect(InetSocketAddress address, String clientId, int connectTimeoutMs)
            throws IOException {
        return connect(null, address, clientId, connectTimeoutMs, ClientSecurity.PLAINTEXT);
    }

    /** As above, from {@code localAddress} (null: any), e.g. another loopback address to test host-based ACLs. */
    public static KafkaConnection connect(InetSocketAddress localAddress, InetSocketAddress address, String clientId,
                                          int connectTimeoutMs) throws IOException {
        return connect(localAddress, address, clientId, connectTimeoutMs, ClientSecurity.PLAINTEXT);
    }

    /**
     * Connects to {@code address}, blocking for at most {@code connectTimeoutMs}, with TLS when
     * {@code security} says so (the handshake completes within the same bound).
     */
    public static KafkaConnection connect(InetSocketAddress address, String clientId, int connectTimeoutMs,
                                          ClientSecurity security) throws IOException {
        return connect(null, address, clientId, connectTimeoutMs, security);
    }

    /**
     * As above, from {@code localAddress} (null: any). When {@code security} carries SASL credentials
     * the connection authenticates before it is returned (SaslHandshake v1, SaslAuthenticate v1),
     * each answer awaited for at most {@code connectTimeoutMs}; a refused authentication is an
     * IOException with the broker's message. When the broker gives the session a lifetime
     * ({@code connections.max.reauth.ms}), the connection re-authenticates before a request once
     * the session nears its end (KIP-368), and opens itself again first when it sat idle past the
     * session's end (the broker would close it on the next request).
     */
    public static KafkaConnection connect(InetSocketAddress localAddress, InetSocketAddress address, String clientId,
                                          int connectTimeoutMs, ClientSecurity security) throws IOException {
        Target target = new Target(localAddress, address, connectTimeoutMs, security);
        KafkaConnection connection = new KafkaConnection(target, open(target), clientId, 100 * 1024 * 1024);
        try {
            connection.authenticateIfSasl();
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static BrokerSocket open(Target target) throws IOException {
        try {
            return BrokerSocket.connect(target.localAddress(), target.address(), target.connectTimeoutMs(), target.security());
        } catch (IOException e) {
            throw new IOException("cannot connect to " + target.address() + ": " + e.getMessage(), e);
        }
    }

    /** The SASL exchange on a freshly opened socket, answers awaited for at most the connect timeout. */
    private void authenticateIfSasl() throws IOException {
        ClientSaslConfig sasl = target.security().sasl();
        if (sasl == null) {
            return;
        }
        try {
            channel.setReadTimeout(target.connectTimeoutMs());
            authenticate();
            channel.setReadTimeout(readTimeoutMs);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot authenticate to " + target.address() + " as " + sasl.username()
                    + " with " + sasl.mechanism() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SASL exchange; with a session lifetime from the broker, the next re-authentication (KIP-368)
     * is due at a random point between 85% and 95% of it, as Kafka's clients pick it.
     */
    private void authenticate() throws IOException {
        long startNanos = System.nanoTime();
        long lifetimeMs = SaslClientAuthenticator.authenticate(this::exchange, target.security().sasl(),
                SASL_AUTHENTICATE_VERSION);
        if (lifetimeMs <= 0) {
            reauthenticateAtNanos = Long.MAX_VALUE;
            sessionEndsAtNanos = Long.MAX_VALUE;
            return;
        }
        double fraction = 0.85 + 0.10 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
        reauthenticateAtNanos = startNanos + (long) (lifetimeMs * fraction) * 1_000_000L;
        sessionEndsAtNanos = startNanos + (long) (lifetimeMs * 0.97) * 1_000_000L;
    }

    /**
     * Before a request: re-authenticates when the session nears its end, so the broker does not close
     * the connection; a connection left idle past the end is opened and authenticated again instead.
     */
    private void reauthenticateIfDue() throws IOException {
        if (reauthenticateAtNanos == Long.MAX_VALUE) {
            return;
        }
        long now = System.nanoTime();
        if (now - sessionEndsAtNanos >= 0) {
            reopen();
        } else if (now - reauthenticateAtNanos >= 0) {
            try {
                authenticate();
            } catch (IOException e) {
                throw new IOException("re-authentication as " + target.security().sasl().username() + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private void reopen() throws IOException {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the old socket is given up either way
        }
        channel = open(target);
        authenticateIfSasl();
    }

    /**
     * Gives up on a response that has not arrived within {@code readTimeoutMs} (0: wait forever, the
     * default): the read throws {@link java.net.SocketTimeoutException} and the caller should close
     * the connection. Without it, a request sent just before the network to its server went silent
     * waits on TCP's retransmission backoff, tens of seconds after the network is back.
     */
    public KafkaConnection withReadTimeout(int readTimeoutMs) throws IOException {
        if (readTimeoutMs < 0) {
            throw new IllegalArgumentException("readTimeoutMs must not be negative, not " + readTimeoutMs);
        }
        this.readTimeoutMs = readTimeoutMs;
        channel.setReadTimeout(readTimeoutMs);
        return this;
    }

    /**
     * Reads every response into one buffer kept by this connection (grown to the largest response
     * seen, up to the frame limit) instead of a new one per response. A response, and any records
     * in it, is then valid only until the next request on this connection: for a caller that is
     * done with each response before it sends the next (a replica fetcher appending what it
     * fetched), this takes the largest allocation of the fetch loop off the heap's hands.
     */
    public KafkaConnection reusingResponseBuffer() {
        if (reusableFrame == null) {
            reusableFrame = ByteBuffer.allocate(0);
        }
        return this;
    }

    /**
     * Sends {@code request} as {@code apiKey} at {@code version} and returns the response body.
     * A response whose correlation id does not match, or that cannot be parsed, raises
     * {@link ProtocolException}; the connection should then be closed.
     */
    public Struct send(ApiKey apiKey, short version, Struct request) throws IOException {
        reauthenticateIfDue();
        return exchange(apiKey, version, request);
    }

    private Struct exchange(ApiKey apiKey, short version, Struct request) throws IOException {
        int correlationId = nextCorrelationId++;
        RequestHeader header = new RequestHeader(apiKey.id, version, correlationId, clientId);
        writeFully(header.writeWithBody(request).withSizePrefix());
        ByteBuffer frame = readFrame();
        ResponseHeader responseHeader = ResponseHeader.read(frame, apiKey.responseHeaderVersion(version));
        if (responseHeader.correlationId() != correlationId) {
            throw new ProtocolException("response correlation id " + responseHeader.correlationId()
                    + " does not match request " + correlationId + " (" + apiKey + " v" + version + ")");
        }
        return MessageCodec.read(frame, ApiMessages.spec(apiKey, MessageType.RESPONSE), version);
    }

    /** Sends a request that gets no response (Produce with acks=0). */
    public void sendOneWay(ApiKey apiKey, short version, Struct request) throws IOException {
        reauthenticateIfDue();
        RequestHeader header = new RequestHeader(apiKey.id, version, nextCorrelationId++, clientId);
        writeFully(header.writeWithBody(request).withSizePrefix());
    }

    private void writeFully(EncodedMessage message) throws IOException {
        channel.write(message);
    }

    private ByteBuffer readFrame() throws IOException {
        sizeBuffer.clear();
        readFully(sizeBuffer);
        int size = sizeBuffer.getInt(0);
        if (size < 0 || size > maxResponseBytes) {
            throw new ProtocolException("response frame size " + size + " is outside [0, " + maxResponseBytes + "]");
        }
        ByteBuffer frame;
        if (reusableFrame == null) {
            frame = ByteBuffer.allocate(size);
        } else {
            if (reusableFrame.capacity() < size) {
                reusableFrame = ByteBuffer.allocate(size);
            }
            frame = reusableFrame.clear().limit(size);
        }
        readFully(frame);
        return frame.flip();
    }

    private void readFully(ByteBuffer buf) throws IOException {
        channel.readFully(buf);
    }

    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
