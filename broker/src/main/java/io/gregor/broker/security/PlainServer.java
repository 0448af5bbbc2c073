package io.gregor.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * SASL PLAIN (RFC 4616) checked against the {@code user_<name>="<password>"} options of the
 * listener's PlainLoginModule JAAS entry, as Kafka's PlainServerCallbackHandler does. One message:
 * {@code [authzid] NUL authcid NUL passwd}; an authorization id other than the user is refused.
 * Passwords are compared in constant time.
 */
final class PlainServer implements SaslMechanismServer {
    static final String INVALID_CREDENTIALS = "Authentication failed: Invalid username or password";

    private final Map<String, String> passwords;
    private String userName;
    private boolean complete;

    PlainServer(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws SaslAuthenticationException {
        if (complete) {
            throw new SaslAuthenticationException("Authentication failed: PLAIN exchange is already complete");
        }
        String message = new String(clientToken, StandardCharsets.UTF_8);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            throw new SaslAuthenticationException("Authentication failed: Invalid SASL/PLAIN response: expected 3 tokens");
        }
        String authorizationId = message.substring(0, first);
        String user = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        if (user.isEmpty()) {
            throw new SaslAuthenticationException("Authentication failed: username not specified");
        }
        if (password.isEmpty()) {
            throw new SaslAuthenticationException("Authentication failed: password not specified");
        }
        userName = user; // for the failure log, even when refused
        String expected = passwords.get(user);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8))) {
            throw new SaslAuthenticationException(INVALID_CREDENTIALS);
        }
        if (!authorizationId.isEmpty() && !authorizationId.equals(user)) {
            throw new SaslAuthenticationException(
                    "Authentication failed: Client requested an authorization id that is different from username");
        }
        complete = true;
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String userName() {
        return userName;
    }
}
