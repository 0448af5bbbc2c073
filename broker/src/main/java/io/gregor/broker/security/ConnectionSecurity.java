package io.gregor.broker.security;

/**
 * What one connection's security layer knows: its listener's security protocol and the principal
 * the connection authenticated as ({@link KafkaPrincipal#ANONYMOUS} until then, and on PLAINTEXT
 * listeners). The principal is set on the connection's event loop and read by request handlers,
 * hence volatile.
 */
public final class ConnectionSecurity {
    private final String securityProtocol;
    /** Written on the connection's event loop; read by any thread. */
    private volatile KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;

    public ConnectionSecurity(String securityProtocol) {
        this.securityProtocol = securityProtocol;
    }

    public String securityProtocol() {
        return securityProtocol;
    }

    public KafkaPrincipal principal() {
        return principal;
    }

    public void setPrincipal(KafkaPrincipal principal) {
        this.principal = java.util.Objects.requireNonNull(principal, "principal");
    }
}
