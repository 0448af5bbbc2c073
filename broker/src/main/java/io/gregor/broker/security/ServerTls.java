package io.gregor.broker.security;

import io.gregor.clients.security.SslConfigException;
import io.gregor.clients.security.SslSettings;
import io.gregor.clients.security.SslStores;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the Netty server TLS context of a listener from its {@link SslSettings}: the keystore's
 * key and chain, the truststore (client certificates are checked against it), {@code ssl.client.auth},
 * {@code ssl.enabled.protocols} and {@code ssl.cipher.suites}, on the engine {@link TlsEngine} chose.
 * Stateless.
 */
public final class ServerTls {
    private ServerTls() {
    }

    /**
     * The listener's server context.
     *
     * @throws SslConfigException naming the key of a bad value
     */
    public static SslContext context(String listenerName, SslSettings s, SslProvider provider) {
        KeyManagerFactory keys = SslStores.keyManagers(s);
        if (keys == null) {
            throw new SslConfigException(SslSettings.KEYSTORE_LOCATION, "listener " + listenerName
                    + " uses TLS and needs a keystore: set " + SslSettings.KEYSTORE_LOCATION + " (or "
                    + SslSettings.KEYSTORE_KEY + " and " + SslSettings.KEYSTORE_CERTIFICATE_CHAIN + ")");
        }
        TrustManagerFactory trust = SslStores.trustManagers(s);
        SslContextBuilder builder = SslContextBuilder.forServer(keys)
                .sslProvider(provider)
                .protocols(s.enabledProtocols())
                .clientAuth(switch (s.clientAuth()) {
                    case "required" -> ClientAuth.REQUIRE;
                    case "requested" -> ClientAuth.OPTIONAL;
                    default -> ClientAuth.NONE;
                });
        if (trust != null) {
            builder.trustManager(trust);
        }
        if (!s.cipherSuites().isEmpty()) {
            builder.ciphers(s.cipherSuites());
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            String key = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("cipher")
                    ? SslSettings.CIPHER_SUITES : SslSettings.ENABLED_PROTOCOLS;
            throw new SslConfigException(key, "cannot build the TLS context of listener " + listenerName + ": "
                    + e.getMessage(), e);
        }
    }
}
