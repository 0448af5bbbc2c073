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
    private final BrokerSocket channel;
    /** SaslAuthenticate v1 (Kafka 1.1 and later): the version every broker a connection may meet supports. */
    private static final short SASL_AUTHENTICATE_VERSION = 1;
    private final String clientId;
    private final int maxResponseBytes;
    private final ByteBuffer sizeBuffer = ByteBuffer.allocate(4);
    private ByteBuffer reusableFrame; // non-null once reusingResponseBuffer() was called
    private int nextCorrelationId;

    private KafkaConnection(BrokerSocket channel, String clientId, int maxResponseBytes) {
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
     * IOException with the broker's message.
     */
    public static KafkaConnection connect(InetSocketAddress localAddress, InetSocketAddress address, String clientId,
                                          int connectTimeoutMs, ClientSecurity security) throws IOException {
        BrokerSocket socket;
        try {
            socket = BrokerSocket.connect(localAddress, address, connectTimeoutMs, security);
        } catch (IOException e) {
            throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
        KafkaConnection connection = new KafkaConnection(socket, clientId, 100 * 1024 * 1024);
        if (security.sasl() != null) {
            try {
                socket.setReadTimeout(connectTimeoutMs);
                SaslClientAuthenticator.authenticate(connection::send, security.sasl(), SASL_AUTHENTICATE_VERSION);
                socket.setReadTimeout(0);
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw new IOException("cannot authenticate to " + address + " as " + security.sasl().username()
                        + " with " + security.sasl().mechanism() + ": " + e.getMessage(), e);
            }
        }
        return connection;
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
