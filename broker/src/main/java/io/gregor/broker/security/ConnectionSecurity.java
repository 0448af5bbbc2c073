package io.gregor.broker.security;

import java.util.Objects;

/**
 * The security state of one client connection: the listener's security protocol and who the
 * connection is authenticated as. TLS sets the principal from the client certificate when the
 * handshake completes; SASL sets it when authentication succeeds (and again on re-authentication).
 * Every request's context reads the principal current when the request arrives.
 *
 * <p>Thread-safe: the principal is volatile (written on the connection's event loop or a request
 * thread, read by request threads).
 */
public final class ConnectionSecurity {
    private final String securityProtocol;
    /** Volatile: see the class comment. */
    private volatile KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;

    public ConnectionSecurity(String securityProtocol) {
        this.securityProtocol = Objects.requireNonNull(securityProtocol, "securityProtocol");
    }

    /** PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
    public String securityProtocol() {
        return securityProtocol;
    }

    /** The authenticated principal; {@link KafkaPrincipal#ANONYMOUS} until (or without) authentication. */
    public KafkaPrincipal principal() {
        return principal;
    }

    public void setPrincipal(KafkaPrincipal principal) {
        this.principal = Objects.requireNonNull(principal, "principal");
    }

    /** True for SSL and SASL_SSL. */
    public boolean usesTls() {
        return securityProtocol.equals("SSL") || securityProtocol.equals("SASL_SSL");
    }
}
