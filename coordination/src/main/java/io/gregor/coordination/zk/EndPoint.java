package io.gregor.coordination.zk;

import java.util.Map;

/**
 * One advertised listener of a broker, written in {@code /brokers/ids/<id>} as
 * {@code LISTENER://host:port}; the security protocol comes from the listener map.
 */
public record EndPoint(String listenerName, String host, int port, String securityProtocol) {

    public EndPoint {
        if (listenerName == null || listenerName.isEmpty()) {
            throw new IllegalArgumentException("listener name must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port + " for listener " + listenerName);
        }
        if (securityProtocol == null || securityProtocol.isEmpty()) {
            throw new IllegalArgumentException("security protocol must not be empty for listener " + listenerName);
        }
    }

    /** The listener string Kafka writes: {@code NAME://host:port}, IPv6 hosts in brackets. */
    public String connectionString() {
        String hostPart = host == null ? "" : host.contains(":") ? "[" + host + "]" : host;
        return listenerName + "://" + hostPart + ":" + port;
    }

    /**
     * Parses {@code NAME://host:port}; the protocol is looked up in {@code protocolMap}, or is the
     * listener name itself when the map has no entry (Kafka's default names equal protocols).
     */
    public static EndPoint parse(String connectionString, Map<String, String> protocolMap) {
        int scheme = connectionString.indexOf("://");
        int colon = connectionString.lastIndexOf(':');
        if (scheme <= 0 || colon <= scheme + 2) {
            throw new IllegalArgumentException("Not a listener of the form NAME://host:port: '" + connectionString + "'");
        }
        String name = connectionString.substring(0, scheme);
        String host = connectionString.substring(scheme + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(connectionString.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Listener port is not a number in '" + connectionString + "'", e);
        }
        String protocol = protocolMap.getOrDefault(name, name);
        return new EndPoint(name, host.isEmpty() ? null : host, port, protocol);
    }
}
