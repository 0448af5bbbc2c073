package io.gregor.broker.security;

/**
 * A SASL exchange failed; the message is what the client is told (Kafka's wording, never a
 * detail that would help an attacker beyond what Kafka itself says).
 */
public final class SaslAuthenticationException extends Exception {
    public SaslAuthenticationException(String message) {
        super(message, null, false, false);
    }
}
