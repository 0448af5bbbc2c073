package io.gregor.broker.network;

import java.net.InetAddress;
import java.util.Map;

/**
 * How many connections the broker takes, as Kafka's keys say.
 *
 * @param maxConnections               {@code max.connections}: all listeners together; when reached, new
 *                                     connections wait to be accepted (the inter-broker listener excepted,
 *                                     when there are several listeners: see {@link ConnectionQuotas})
 * @param maxConnectionsPerListener    {@code listener.name.<listener>.max.connections}, by listener name;
 *                                     a listener not named here is limited by {@code maxConnections}
 * @param maxConnectionsPerIp          {@code max.connections.per.ip}: more from one address are closed at once
 * @param maxConnectionsPerIpOverrides {@code max.connections.per.ip.overrides}, host names resolved
 * @param interBrokerListenerName      {@code inter.broker.listener.name} (null: none is protected)
 */
public record ConnectionLimits(int maxConnections, Map<String, Integer> maxConnectionsPerListener,
                               int maxConnectionsPerIp, Map<InetAddress, Integer> maxConnectionsPerIpOverrides,
                               String interBrokerListenerName) {
    /** No limit at all (Kafka's defaults). */
    public static final ConnectionLimits NONE = new ConnectionLimits(Integer.MAX_VALUE, Map.of(), Integer.MAX_VALUE,
            Map.of(), null);

    public ConnectionLimits {
        maxConnectionsPerListener = Map.copyOf(maxConnectionsPerListener);
        maxConnectionsPerIpOverrides = Map.copyOf(maxConnectionsPerIpOverrides);
    }

    /** The limit of connections from {@code address}. */
    int maxConnectionsFrom(InetAddress address) {
        return maxConnectionsPerIpOverrides.getOrDefault(address, maxConnectionsPerIp);
    }

    /** The limit of connections on {@code listener}: its own key, else {@code max.connections}. */
    int maxConnectionsOn(String listener) {
        return maxConnectionsPerListener.getOrDefault(listener, maxConnections);
    }
}
