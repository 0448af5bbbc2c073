package io.gregor.clients.security;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.SaslAuthenticateRequest;
import io.gregor.clients.protocol.schemas.SaslAuthenticateResponse;
import io.gregor.clients.protocol.schemas.SaslHandshakeRequest;
import io.gregor.clients.protocol.schemas.SaslHandshakeResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The client side of a SASL exchange on a freshly opened connection: SaslHandshake v1, then the
 * mechanism's tokens in SaslAuthenticate requests (PLAIN: one; SCRAM: client-first and
 * client-final, and the server's signature is checked, so a server that does not know the
 * credential is not trusted). Blocking; one connection at a time.
 */
public final class SaslClientAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Sends one request and waits for its response. */
    @FunctionalInterface
    public interface Exchange {
        Struct send(ApiKey api, short version, Struct request) throws IOException;
    }

    private SaslClientAuthenticator() {
    }

    /**
     * Authenticates with {@code config} over {@code exchange}, using SaslAuthenticate {@code authenticateVersion};
     * also re-authenticates (KIP-368) an authenticated connection the same way.
     *
     * @return the session lifetime the broker gave (SaslAuthenticate v1+), 0 when the session does not expire
     * @throws IOException with the broker's error message when authentication fails
     */
    public static long authenticate(Exchange exchange, ClientSaslConfig config, short authenticateVersion)
            throws IOException {
        Struct handshake = exchange.send(ApiKey.SASL_HANDSHAKE, (short) 1, ApiMessages.request(ApiKey.SASL_HANDSHAKE)
                .newStruct().set(SaslHandshakeRequest.MECHANISM, config.mechanism()));
        Errors handshakeError = Errors.forCode(handshake.getShort(SaslHandshakeResponse.ERROR_CODE));
        if (handshakeError != Errors.NONE) {
            throw new IOException("SASL handshake for " + config.mechanism() + " failed: " + handshakeError
                    + " (the broker enables " + handshake.get(SaslHandshakeResponse.MECHANISMS) + ")");
        }
        if (config.mechanism().equals("PLAIN")) {
            return lifetimeMs(token(exchange, authenticateVersion, ("\0" + config.username() + "\0" + config.password())
                    .getBytes(StandardCharsets.UTF_8)), authenticateVersion);
        }
        ScramMechanism mechanism = ScramMechanism.forName(config.mechanism());
        String nonce = new java.math.BigInteger(130, RANDOM).toString(Character.MAX_RADIX);
        ScramMessages.ClientFirst first = new ScramMessages.ClientFirst(null, config.username(), nonce, Map.of());
        ScramMessages.ServerFirst serverFirst = ScramMessages.ServerFirst.parse(utf8(authBytes(
                token(exchange, authenticateVersion, first.message().getBytes(StandardCharsets.UTF_8)))));
        if (!serverFirst.nonce().startsWith(nonce) || serverFirst.iterations() < ScramMechanism.MIN_ITERATIONS) {
            throw new IOException("SASL " + config.mechanism() + ": the broker's first message is not acceptable");
        }
        byte[] salted = mechanism.saltedPassword(config.password(), serverFirst.salt(), serverFirst.iterations());
        String binding = Base64.getEncoder().encodeToString(first.gs2Header().getBytes(StandardCharsets.UTF_8));
        byte[] authMessage = ScramMessages.authMessage(first, serverFirst,
                new ScramMessages.ClientFinal(binding, serverFirst.nonce(), new byte[0]));
        byte[] clientKey = mechanism.clientKey(salted);
        byte[] proof = ScramMechanism.xor(clientKey, mechanism.hmac(mechanism.storedKey(clientKey), authMessage));
        ScramMessages.ClientFinal clientFinal = new ScramMessages.ClientFinal(binding, serverFirst.nonce(), proof);
        Struct finalResponse = token(exchange, authenticateVersion, clientFinal.message().getBytes(StandardCharsets.UTF_8));
        ScramMessages.ServerFinal serverFinal = ScramMessages.ServerFinal.parse(utf8(authBytes(finalResponse)));
        if (serverFinal.error() != null) {
            throw new IOException("SASL " + config.mechanism() + " failed: " + serverFinal.error());
        }
        if (!MessageDigest.isEqual(serverFinal.serverSignature(), mechanism.hmac(mechanism.serverKey(salted), authMessage))) {
            throw new IOException("SASL " + config.mechanism() + ": the broker's signature is invalid");
        }
        return lifetimeMs(finalResponse, authenticateVersion);
    }

    private static long lifetimeMs(Struct response, short version) {
        return version >= 1 ? Math.max(0, response.get(SaslAuthenticateResponse.SESSION_LIFETIME_MS)) : 0;
    }

    private static ByteBuffer authBytes(Struct response) {
        return response.get(SaslAuthenticateResponse.AUTH_BYTES);
    }

    private static Struct token(Exchange exchange, short version, byte[] token) throws IOException {
        Struct response = exchange.send(ApiKey.SASL_AUTHENTICATE, version, ApiMessages.request(ApiKey.SASL_AUTHENTICATE)
                .newStruct().set(SaslAuthenticateRequest.AUTH_BYTES, ByteBuffer.wrap(token)));
        Errors error = Errors.forCode(response.getShort(SaslAuthenticateResponse.ERROR_CODE));
        if (error != Errors.NONE) {
            String message = response.getString(SaslAuthenticateResponse.ERROR_MESSAGE);
            throw new IOException(error + ": " + (message == null ? error.message() : message));
        }
        return response;
    }

    private static String utf8(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }
}
