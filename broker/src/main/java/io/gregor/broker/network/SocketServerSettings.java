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
 */
public record SocketServerSettings(List<EndPoint> listeners, int maxRequestBytes, int numIoThreads,
                                   int numNetworkThreads, long connectionsMaxIdleMs, long shutdownTimeoutMs) {
    public SocketServerSettings {
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is required");
        }
    }

    public static SocketServerSettings from(BrokerConfig config) {
        return new SocketServerSettings(config.listeners(), config.socketRequestMaxBytes(), config.numIoThreads(),
                config.numNetworkThreads(), config.connectionsMaxIdleMs(), config.requestTimeoutMs());
    }
}
