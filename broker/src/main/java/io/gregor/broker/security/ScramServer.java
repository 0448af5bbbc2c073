package io.gregor.broker.security;

import io.gregor.clients.security.ScramMechanism;
import io.gregor.clients.security.ScramMessages.ClientFinal;
import io.gregor.clients.security.ScramMessages.ClientFirst;
import io.gregor.clients.security.ScramMessages.ServerFinal;
import io.gregor.clients.security.ScramMessages.ServerFirst;
import io.gregor.clients.security.ScramMessages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of SCRAM-SHA-256/512 (RFC 5802) against the credentials in the
 * {@link ScramCredentialCache}: client-first, server-first (nonce, salt, iterations), client-final
 * (proof checked: H(proof XOR HMAC(StoredKey, AuthMessage)) must equal StoredKey), server-final
 * (the server signature). Verification costs two HMACs and a hash: the iterations were spent when
 * the credential was made. Kafka's delegation-token extension is refused. Errors use Kafka's wording.
 */
final class ScramServer implements SaslMechanismServer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { RECEIVE_CLIENT_FIRST, RECEIVE_CLIENT_FINAL, COMPLETE, FAILED }

    private final ScramMechanism mechanism;
    private final ScramCredentialCache credentials;
    private State state = State.RECEIVE_CLIENT_FIRST;
    private String userName;
    private ClientFirst clientFirst;
    private ServerFirst serverFirst;
    private ScramCredential credential;

    ScramServer(ScramMechanism mechanism, ScramCredentialCache credentials) {
        this.mechanism = mechanism;
        this.credentials = credentials;
    }

    @Override
    public String mechanism() {
        return mechanism.mechanismName();
    }

    @Override
    public byte[] evaluate(byte[] clientToken) throws SaslAuthenticationException {
        try {
            return switch (state) {
                case RECEIVE_CLIENT_FIRST -> clientFirst(new String(clientToken, StandardCharsets.UTF_8));
                case RECEIVE_CLIENT_FINAL -> clientFinal(new String(clientToken, StandardCharsets.UTF_8));
                default -> throw new SaslAuthenticationException("Authentication failed: unexpected SCRAM message in state " + state);
            };
        } catch (SaslAuthenticationException e) {
            state = State.FAILED;
            throw e;
        } catch (IllegalArgumentException e) {
            state = State.FAILED;
            throw new SaslAuthenticationException("Authentication failed: " + e.getMessage());
        }
    }

    private byte[] clientFirst(String message) throws SaslAuthenticationException {
        clientFirst = ClientFirst.parse(message);
        userName = clientFirst.userName();
        if (!clientFirst.extensions().isEmpty()) {
            throw new SaslAuthenticationException("Authentication failed: SCRAM extensions ("
                    + clientFirst.extensions().keySet() + ") and delegation tokens are not supported");
        }
        if (clientFirst.authorizationId() != null && !clientFirst.authorizationId().isEmpty()
                && !clientFirst.authorizationId().equals(userName)) {
            throw new SaslAuthenticationException(
                    "Authentication failed: Client requested an authorization id that is different from username");
        }
        credential = credentials.get(userName, mechanism);
        if (credential == null) {
            throw new SaslAuthenticationException("Authentication failed: Invalid user credentials");
        }
        // letters and digits only, as Kafka's nonces: librdkafka mangles a nonce with other characters
        String nonce = new java.math.BigInteger(130, RANDOM).toString(Character.MAX_RADIX);
        serverFirst = new ServerFirst(clientFirst.nonce() + nonce, credential.salt(), credential.iterations());
        state = State.RECEIVE_CLIENT_FINAL;
        return serverFirst.message().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] clientFinal(String message) throws SaslAuthenticationException {
        ClientFinal clientFinal = ClientFinal.parse(message);
        // ends with, as Kafka checks: librdkafka 2.0 repeats its own nonce in front of the combined one
        if (!clientFinal.nonce().endsWith(serverFirst.nonce())) {
            throw invalidCredentials();
        }
        String expectedBinding = Base64.getEncoder().encodeToString(
                clientFirst.gs2Header().getBytes(StandardCharsets.UTF_8));
        byte[] authMessage = ScramMessages.authMessage(clientFirst, serverFirst, clientFinal);
        byte[] clientSignature = mechanism.hmac(credential.storedKey(), authMessage);
        boolean valid = clientFinal.proof().length == clientSignature.length && MessageDigest.isEqual(
                mechanism.hash(ScramMechanism.xor(clientFinal.proof(), clientSignature)), credential.storedKey());
        if (!valid || !expectedBinding.equals(clientFinal.channelBinding())) {
            throw invalidCredentials();
        }
        state = State.COMPLETE;
        return new ServerFinal(null, mechanism.hmac(credential.serverKey(), authMessage)).message()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Kafka's answer to a wrong proof or nonce, which tells nothing about which it was. */
    private SaslAuthenticationException invalidCredentials() {
        return new SaslAuthenticationException("Authentication failed during authentication due to invalid "
                + "credentials with SASL mechanism " + mechanism.mechanismName());
    }

    @Override
    public boolean isComplete() {
        return state == State.COMPLETE;
    }

    @Override
    public String userName() {
        return userName;
    }
}
