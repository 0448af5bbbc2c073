package io.gregor.broker.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's SASL server: the settings of each SASL listener, the SCRAM credentials, and the
 * count of failed authentications (each failure is logged with the user, the client's address and
 * the running count, so the count is visible in the broker's log). Makes one
 * {@link SaslAuthenticator} per connection of a SASL listener. Thread-safe.
 */
public final class SaslServerSide {
    private static final Logger log = LoggerFactory.getLogger(SaslServerSide.class);

    /** No SASL listener. */
    public static final SaslServerSide NONE = new SaslServerSide(Map.of(), new ScramCredentialCache());
    /** Kafka's default {@code sasl.server.max.receive.size}. */
    public static final int DEFAULT_MAX_RECEIVE_BYTES = 524288;

    private final Map<String, ListenerSasl> listeners;
    private final ScramCredentialCache credentials;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong reauthentications = new AtomicLong();
    private final AtomicLong expiredConnectionsKilled = new AtomicLong();

    private final int maxReceiveBytes;

    public SaslServerSide(Map<String, ListenerSasl> listeners, ScramCredentialCache credentials) {
        this(listeners, credentials, DEFAULT_MAX_RECEIVE_BYTES);
    }

    /** @param maxReceiveBytes {@code sasl.server.max.receive.size}: the largest frame accepted before authentication */
    public SaslServerSide(Map<String, ListenerSasl> listeners, ScramCredentialCache credentials, int maxReceiveBytes) {
        this.listeners = Map.copyOf(listeners);
        this.credentials = credentials;
        this.maxReceiveBytes = maxReceiveBytes;
    }

    public int maxReceiveBytes() {
        return maxReceiveBytes;
    }

    /** The SASL state of a new connection on {@code listenerName}, or null when the listener does not use SASL. */
    public SaslAuthenticator newAuthenticator(String listenerName, ConnectionSecurity security, String connectionDescription) {
        ListenerSasl listener = listeners.get(listenerName);
        return listener == null ? null : new SaslAuthenticator(listener, this, security, connectionDescription, System::nanoTime);
    }

    public ScramCredentialCache credentials() {
        return credentials;
    }

    /** Failed authentications since startup. */
    public long failedAuthentications() {
        return failures.get();
    }

    /** Successful authentications and re-authentications since startup. */
    public long successfulAuthentications() {
        return successes.get();
    }

    /** Successful re-authentications (KIP-368) since startup, also counted in {@link #successfulAuthentications()}. */
    public long reauthentications() {
        return reauthentications.get();
    }

    /**
     * Connections closed because a request came after their session's end without a
     * re-authentication (Kafka's expired-connections-killed-count), since startup.
     */
    public long expiredConnectionsKilled() {
        return expiredConnectionsKilled.get();
    }

    void expiredConnectionKilled() {
        expiredConnectionsKilled.incrementAndGet();
    }

    void failed(String connection, String user, String mechanism, String reason) {
        long count = failures.incrementAndGet();
        log.warn("Failed authentication with {} (user {}, mechanism {}): {} ({} failed authentications since startup)",
                connection, user == null ? "unknown" : user, mechanism == null ? "none" : mechanism, reason, count);
    }

    void succeeded(String connection, KafkaPrincipal principal, String mechanism, boolean reauthentication) {
        successes.incrementAndGet();
        if (reauthentication) {
            reauthentications.incrementAndGet();
        }
        log.debug("{} {} with {} via {}", reauthentication ? "Re-authenticated" : "Authenticated", principal,
                connection, mechanism);
    }
}
