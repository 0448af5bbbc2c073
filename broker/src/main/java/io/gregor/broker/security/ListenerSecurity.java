package io.gregor.broker.security;

import io.gregor.clients.security.SslSettings;
import java.util.Objects;

/**
 * How one listener secures its connections: its security protocol ({@code listener.security.protocol.map}),
 * for SSL and SASL_SSL its {@code ssl.*} settings (the listener's {@code listener.name.<l>.ssl.*}
 * overrides over the broker's), and the {@code ssl.principal.mapping.rules} that name certificate
 * principals. Immutable.
 *
 * @param listenerName     the listener, e.g. {@code SSL} or {@code INTERNAL}
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param ssl              the TLS settings, null unless the protocol uses TLS
 * @param principalMapper  the certificate subject mapping ({@link SslPrincipalMapper#DEFAULT} without TLS)
 */
public record ListenerSecurity(String listenerName, String securityProtocol, SslSettings ssl,
                               SslPrincipalMapper principalMapper) {
    public ListenerSecurity {
        Objects.requireNonNull(listenerName, "listenerName");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        Objects.requireNonNull(principalMapper, "principalMapper");
        if (usesTls(securityProtocol) && ssl == null) {
            throw new IllegalArgumentException("listener " + listenerName + " (" + securityProtocol + ") needs ssl settings");
        }
    }

    /** A listener without TLS. */
    public static ListenerSecurity plain(String listenerName, String securityProtocol) {
        return new ListenerSecurity(listenerName, securityProtocol, null, SslPrincipalMapper.DEFAULT);
    }

    public boolean usesTls() {
        return usesTls(securityProtocol);
    }

    private static boolean usesTls(String protocol) {
        return protocol.equals("SSL") || protocol.equals("SASL_SSL");
    }
}
