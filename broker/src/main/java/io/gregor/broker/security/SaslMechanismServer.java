package io.gregor.broker.security;

/**
 * The server side of one SASL mechanism for one authentication exchange: fed each client token in
 * turn, it answers with the next server token until it is complete. Used by one connection at a
 * time (its event loop); cheap per call (no key derivation happens here).
 */
public interface SaslMechanismServer {

    /** The mechanism name, e.g. {@code PLAIN}. */
    String mechanism();

    /**
     * Takes the client's next token and returns the server's answer (possibly empty).
     *
     * @throws SaslAuthenticationException when the client's credentials or messages are refused;
     *         its message is sent to the client
     */
    byte[] evaluate(byte[] clientToken) throws SaslAuthenticationException;

    boolean isComplete();

    /** The user the client named (authenticated once {@link #isComplete()}), or null before it named one. */
    String userName();
}
