package io.gregor.clients.security;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How a client (a Gregor client, or a broker connecting to another broker) secures its connections:
 * Kafka's {@code security.protocol} and, for SSL and SASL_SSL, the TLS context built once from the
 * {@code ssl.*} keys, and for SASL_PLAINTEXT and SASL_SSL the credentials the connection
 * authenticates with once it is open (the exchange is {@link SaslClientAuthenticator}'s). Immutable
 * and thread-safe.
 *
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param sslContext       the JDK TLS context, null unless the protocol uses TLS
 * @param ssl              the settings the context was built from, null unless the protocol uses TLS
 * @param sasl             the SASL mechanism and credentials, null unless the protocol uses SASL; a
 *                         SASL protocol without them connects without authenticating (a raw test
 *                         connection that does the exchange itself)
 */
public record ClientSecurity(String securityProtocol, SSLContext sslContext, SslSettings ssl, ClientSaslConfig sasl) {
    public static final String SECURITY_PROTOCOL = "security.protocol";
    /** Kafka's security protocols. */
    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    /** No TLS, no SASL. */
    public static final ClientSecurity PLAINTEXT = new ClientSecurity("PLAINTEXT", null, null, null);

    public ClientSecurity {
        if (!PROTOCOLS.contains(securityProtocol)) {
            throw new IllegalArgumentException("unknown security protocol " + securityProtocol);
        }
        if (usesTls(securityProtocol) && (sslContext == null || ssl == null)) {
            throw new IllegalArgumentException(securityProtocol + " needs a TLS context");
        }
        if (sasl != null && !usesSasl(securityProtocol)) {
            throw new IllegalArgumentException(securityProtocol + " does not authenticate with SASL");
        }
    }

    /** Kafka's protocol name, or a SslConfigException naming {@code security.protocol}. */
    private static String protocolName(String protocol) {
        String upper = protocol.trim().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(upper)) {
            throw new SslConfigException(SECURITY_PROTOCOL, "Invalid value " + protocol + " for configuration "
                    + SECURITY_PROTOCOL + ": must be one of " + String.join(", ", PROTOCOLS));
        }
        return upper;
    }

    /** True for SASL_PLAINTEXT and SASL_SSL. */
    public static boolean usesSasl(String securityProtocol) {
        return securityProtocol.equals("SASL_PLAINTEXT") || securityProtocol.equals("SASL_SSL");
    }

    /** The same security authenticating with {@code credentials} (null: none) once connected. */
    public ClientSecurity withSasl(ClientSaslConfig credentials) {
        return new ClientSecurity(securityProtocol, sslContext, ssl, credentials);
    }

    /** True for SSL and SASL_SSL. */
    public static boolean usesTls(String securityProtocol) {
        return securityProtocol.equals("SSL") || securityProtocol.equals("SASL_SSL");
    }

    /** True when connections are wrapped in TLS. */
    public boolean usesTls() {
        return usesTls(securityProtocol);
    }

    /**
     * The security of {@code protocol} with the {@code ssl.*} values read through {@code valueOf}.
     *
     * @throws SslConfigException naming the key of a bad value (a missing truststore, a wrong password)
     */
    public static ClientSecurity of(String protocol, Function<String, String> valueOf) {
        String upper = protocolName(protocol);
        if (!usesTls(upper)) {
            return new ClientSecurity(upper, null, null, null);
        }
        SslSettings settings = SslSettings.from(valueOf);
        return new ClientSecurity(upper, SslStores.jdkContext(settings), settings, null);
    }

    /**
     * A client's security from its configuration read through {@code valueOf}: {@code security.protocol}
     * (default PLAINTEXT), the {@code ssl.*} keys and, for SASL_PLAINTEXT and SASL_SSL,
     * {@code sasl.mechanism} and {@code sasl.jaas.config} (required).
     */
    public static ClientSecurity fromClient(Function<String, String> valueOf) {
        String protocol = valueOf.apply(SECURITY_PROTOCOL);
        ClientSecurity tls = of(protocol == null ? "PLAINTEXT" : protocol, valueOf);
        return tls.withSasl(ClientSaslConfig.from(valueOf));
    }

    /** {@link #of} for a client's configuration map (the TLS part; SASL credentials are not read). */
    public static ClientSecurity fromClientConfig(Map<String, ?> config) {
        Function<String, String> valueOf = key -> config.get(key) == null ? null : String.valueOf(config.get(key));
        String protocol = valueOf.apply(SECURITY_PROTOCOL);
        return of(protocol == null ? "PLAINTEXT" : protocol, valueOf);
    }

    /**
     * Wraps a connected socket in TLS and completes the handshake (client mode); the endpoint is
     * checked against {@code host} unless {@code ssl.endpoint.identification.algorithm} is empty.
     */
    public SSLSocket wrap(Socket connected, String host, int port, int handshakeTimeoutMs) throws IOException {
        SSLSocket socket = (SSLSocket) sslContext.getSocketFactory().createSocket(connected, host, port, true);
        SSLParameters params = socket.getSSLParameters();
        params.setProtocols(ssl.enabledProtocols().toArray(new String[0]));
        if (!ssl.cipherSuites().isEmpty()) {
            params.setCipherSuites(ssl.cipherSuites().toArray(new String[0]));
        }
        if (!ssl.endpointIdentificationAlgorithm().isEmpty()) {
            params.setEndpointIdentificationAlgorithm(ssl.endpointIdentificationAlgorithm().toUpperCase(Locale.ROOT));
        }
        socket.setSSLParameters(params);
        int before = socket.getSoTimeout();
        socket.setSoTimeout(handshakeTimeoutMs);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw new IOException("TLS handshake with " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
        socket.setSoTimeout(before);
        return socket;
    }
}
