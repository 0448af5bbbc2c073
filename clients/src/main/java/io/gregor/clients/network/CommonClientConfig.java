package io.gregor.clients.network;

import io.gregor.clients.security.ClientSaslConfig;
import io.gregor.clients.security.ClientSecurity;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings every Gregor client shares, with Kafka's names and defaults: {@code bootstrap.servers},
 * {@code client.id}, {@code request.timeout.ms} (30000), {@code retry.backoff.ms} (100),
 * {@code metadata.max.age.ms} (300000), {@code socket.connection.setup.timeout.ms} (10000),
 * {@code max.in.flight.requests.per.connection} (5), {@code default.api.timeout.ms} (60000), and
 * {@code security.protocol} (PLAINTEXT) with the {@code ssl.*} keys and, for SASL_PLAINTEXT and
 * SASL_SSL, {@code sasl.mechanism} / {@code sasl.jaas.config} ({@link ClientSecurity}, {@link ClientSaslConfig}).
 */
public record CommonClientConfig(List<InetSocketAddress> bootstrapServers, String clientId, int requestTimeoutMs,
                                 long retryBackoffMs, long metadataMaxAgeMs, int connectTimeoutMs,
                                 int maxInFlightRequestsPerConnection, int defaultApiTimeoutMs,
                                 ClientSecurity security) {

    /** The SASL credentials connections authenticate with, or null (PLAINTEXT, SSL). */
    public ClientSaslConfig sasl() {
        return security.sasl();
    }

    public static CommonClientConfig from(ConfigValues c, String defaultClientId) {
        List<String> servers = c.getList("bootstrap.servers", List.of());
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("config bootstrap.servers is required (host:port[,host:port...])");
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String s : servers) {
            addresses.add(parseHostPort(s));
        }
        int inFlight = c.getInt("max.in.flight.requests.per.connection", 5);
        if (inFlight < 1) {
            throw new IllegalArgumentException("config max.in.flight.requests.per.connection=" + inFlight + " must be >= 1");
        }
        return new CommonClientConfig(addresses, c.getString("client.id", defaultClientId),
                positive(c, "request.timeout.ms", 30000), c.getLong("retry.backoff.ms", 100),
                c.getLong("metadata.max.age.ms", 300000), positive(c, "socket.connection.setup.timeout.ms", 10000),
                inFlight, positive(c, "default.api.timeout.ms", 60000),
                ClientSecurity.fromClient(key -> c.getString(key, null)));
    }

    private static int positive(ConfigValues c, String key, int def) {
        int v = c.getInt(key, def);
        if (v <= 0) {
            throw new IllegalArgumentException("config " + key + "=" + v + " must be > 0");
        }
        return v;
    }

    /** Parses {@code host:port} (IPv6 as {@code [::1]:9092}); unresolved, so DNS happens at connect time. */
    public static InetSocketAddress parseHostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("bootstrap server '" + s + "' is not host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bootstrap server '" + s + "' has no valid port");
        }
    }
}
