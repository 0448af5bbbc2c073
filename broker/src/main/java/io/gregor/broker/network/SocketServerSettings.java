package io.gregor.broker.network;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.coordination.zk.EndPoint;
import java.util.List;

/**
 * What the {@link SocketServer} needs from the broker configuration.
 *
 * @param listeners             endpoints to bind (host null = all interfaces, port 0 = ephemeral)
 * @param maxRequestBytes       {@code socket.request.max.bytes}: larger frames close the connection
 * @param numIoThreads          {@code num.io.threads}: request-handler threads running {@link ApiHandler}s
 * @param numNetworkThreads     {@code num.network.threads}: Netty event loop threads
 * @param connectionsMaxIdleMs  {@code connections.max.idle.ms}: idle connections are closed (negative: never)
 * @param shutdownTimeoutMs     how long shutdown waits for in-flight requests before closing connections
 * @param sendBufferBytes       {@code socket.send.buffer.bytes}: SO_SNDBUF of accepted connections (-1: OS default)
 * @param receiveBufferBytes    {@code socket.receive.buffer.bytes}: SO_RCVBUF of the listening sockets, which
 *                              accepted connections inherit (-1: OS default)
 * @param queuedMaxRequestBytes {@code queued.max.request.bytes}: the bytes held for requests being read or
 *                              queued ({@link #UNBOUNDED}: no bound, Kafka's -1)
 * @param connectionLimits      {@code max.connections} and its listener and per-address relatives
 */
public record SocketServerSettings(List<EndPoint> listeners, int maxRequestBytes, int numIoThreads,
                                   int numNetworkThreads, long connectionsMaxIdleMs, long shutdownTimeoutMs,
                                   int sendBufferBytes, int receiveBufferBytes, long queuedMaxRequestBytes,
                                   ConnectionLimits connectionLimits) {
    /** The OS default socket buffer size (Kafka's -1). */
    public static final int OS_DEFAULT_BUFFER = -1;
    /** No bound on request memory (Kafka's -1). */
    public static final long UNBOUNDED = -1;

    public SocketServerSettings {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is required");
        }
        if (queuedMaxRequestBytes != UNBOUNDED && queuedMaxRequestBytes <= 0) {
            throw new IllegalArgumentException("queuedMaxRequestBytes must be positive or UNBOUNDED, got "
                    + queuedMaxRequestBytes);
        }
    }

    /** Settings with the given socket buffers, unbounded request memory and no connection limits. */
    public SocketServerSettings(List<EndPoint> listeners, int maxRequestBytes, int numIoThreads, int numNetworkThreads,
                                long connectionsMaxIdleMs, long shutdownTimeoutMs, int sendBufferBytes,
                                int receiveBufferBytes) {
        this(listeners, maxRequestBytes, numIoThreads, numNetworkThreads, connectionsMaxIdleMs, shutdownTimeoutMs,
                sendBufferBytes, receiveBufferBytes, UNBOUNDED, ConnectionLimits.NONE);
    }

    /** Settings with the OS default socket buffers, unbounded request memory and no connection limits. */
    public SocketServerSettings(List<EndPoint> listeners, int maxRequestBytes, int numIoThreads, int numNetworkThreads,
                                long connectionsMaxIdleMs, long shutdownTimeoutMs) {
        this(listeners, maxRequestBytes, numIoThreads, numNetworkThreads, connectionsMaxIdleMs, shutdownTimeoutMs,
                OS_DEFAULT_BUFFER, OS_DEFAULT_BUFFER);
    }

    /** A copy bounding request memory to {@code bytes} ({@link #UNBOUNDED}: no bound). */
    public SocketServerSettings withQueuedMaxRequestBytes(long bytes) {
        return new SocketServerSettings(listeners, maxRequestBytes, numIoThreads, numNetworkThreads, connectionsMaxIdleMs,
                shutdownTimeoutMs, sendBufferBytes, receiveBufferBytes, bytes, connectionLimits);
    }

    /** A copy with {@code limits} on connections. */
    public SocketServerSettings withConnectionLimits(ConnectionLimits limits) {
        return new SocketServerSettings(listeners, maxRequestBytes, numIoThreads, numNetworkThreads, connectionsMaxIdleMs,
                shutdownTimeoutMs, sendBufferBytes, receiveBufferBytes, queuedMaxRequestBytes, limits);
    }

    public static SocketServerSettings from(BrokerConfig config) {
        return new SocketServerSettings(config.listeners(), config.socketRequestMaxBytes(), config.numIoThreads(),
                config.numNetworkThreads(), config.connectionsMaxIdleMs(), config.requestTimeoutMs(),
                config.socketSendBufferBytes(), config.socketReceiveBufferBytes(), config.queuedMaxRequestBytes(),
                new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerListener(),
                        config.maxConnectionsPerIp(), config.maxConnectionsPerIpOverrides(),
                        config.interBrokerListenerName()));
    }
}
