package io.gregor.broker.metrics;

import io.gregor.broker.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code metrics.http.listener}: where the Prometheus endpoint listens, {@code http://host:port}
 * (port 0: an ephemeral port); metrics are served on {@code /metrics}.
 *
 * @param host the address to bind
 * @param port the port, 0 for an ephemeral one
 */
public record MetricsHttpListener(String host, int port) {
    public static final String KEY = "metrics.http.listener";

    /** Parses the key's value; a bad one throws a ConfigException naming the key. */
    public static MetricsHttpListener parse(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(KEY, value, "must be http://host:port");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new ConfigException(KEY, value, "must be http://host:port (port 0: an ephemeral port)");
        }
        if (uri.getPort() > 65535) {
            throw new ConfigException(KEY, value, "the port must be at most 65535");
        }
        return new MetricsHttpListener(uri.getHost(), uri.getPort());
    }
}
