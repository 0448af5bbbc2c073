package io.gregor.broker.security;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.SaslAuthenticateRequest;
import io.gregor.clients.protocol.schemas.SaslAuthenticateResponse;
import io.gregor.clients.protocol.schemas.SaslHandshakeRequest;
import io.gregor.clients.protocol.schemas.SaslHandshakeResponse;
import io.gregor.clients.security.ScramMechanism;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The SASL state of one connection on a SASL listener, as Kafka's server-side authenticator keeps
 * it. Before authentication only ApiVersions, SaslHandshake and SaslAuthenticate may be sent. A
 * SaslHandshake v1 is followed by SaslAuthenticate requests carrying the tokens; a v0 handshake
 * (kafka-python, old clients) by raw size-prefixed tokens without any request header, answered
 * the same way. When the mechanism completes, the connection's principal becomes
 * {@code User:<name>}. With {@code connections.max.reauth.ms} set, the session expires after that
 * long: SaslAuthenticate v1+ tells the client the lifetime, the client may re-authenticate (a new
 * SaslHandshake with the same mechanism and, at the end, the same principal; KIP-368), and a
 * connection used for anything else after expiry is closed.
 *
 * <p>Event-loop confined: the connection's event loop calls every method. Each call is cheap
 * (PLAIN: a map lookup; SCRAM: two HMACs and a hash).
 */
public final class SaslAuthenticator {

    private enum State { HANDSHAKE, AUTHENTICATE, RAW_TOKENS, COMPLETE, FAILED }

    /**
     * What to do with a SaslHandshake or SaslAuthenticate request.
     *
     * @param response the response to send
     * @param close    true: close the connection once the response is sent (a failed authentication)
     */
    public record Outcome(Struct response, boolean close) {
    }

    private final ListenerSasl listener;
    private final SaslServerSide server;
    private final ConnectionSecurity security;
    private final String connectionDescription;
    private final LongSupplier nanoTime;
    private State state = State.HANDSHAKE;
    private SaslMechanismServer mechanismServer;
    /** The mechanism and principal of the completed authentication, kept across re-authentication. */
    private String authenticatedMechanism;
    private KafkaPrincipal authenticatedPrincipal;
    /** When the session ends (System.nanoTime), or null for never. */
    private Long sessionExpiryNanos;

    SaslAuthenticator(ListenerSasl listener, SaslServerSide server, ConnectionSecurity security,
                      String connectionDescription, LongSupplier nanoTime) {
        this.listener = listener;
        this.server = server;
        this.security = security;
        this.connectionDescription = connectionDescription;
        this.nanoTime = nanoTime;
    }

    /** True after a v0 handshake, while the next frame is a raw SASL token rather than a request. */
    public boolean expectsRawToken() {
        return state == State.RAW_TOKENS;
    }

    public boolean isAuthenticated() {
        return authenticatedPrincipal != null && state != State.FAILED;
    }

    /**
     * Why a request of {@code api} must close the connection now, or null if it may be served:
     * before authentication only ApiVersions, SaslHandshake and SaslAuthenticate are allowed; after
     * the session expired nothing is, except the SaslAuthenticate of a re-authentication whose
     * SaslHandshake came in time (as Kafka lets a re-authentication begun before the end finish).
     * The caller closes the connection on a refusal (an expired one is counted).
     */
    public String refusal(ApiKey api) {
        boolean reauthenticating = state == State.AUTHENTICATE && authenticatedPrincipal != null;
        if (sessionExpiryNanos != null && nanoTime.getAsLong() - sessionExpiryNanos >= 0
                && !(reauthenticating && api == ApiKey.SASL_AUTHENTICATE)) {
            server.expiredConnectionKilled();
            return "the SASL session of " + authenticatedPrincipal + " expired (connections.max.reauth.ms) without "
                    + "re-authentication; " + api.title + " refused";
        }
        if (authenticatedPrincipal == null && state != State.COMPLETE && api != ApiKey.API_VERSIONS
                && api != ApiKey.SASL_HANDSHAKE && api != ApiKey.SASL_AUTHENTICATE) {
            return "unexpected " + api.title + " request before SASL authentication completed";
        }
        return null;
    }

    /** Serves a SaslHandshake or SaslAuthenticate request of {@code version}. */
    public Outcome handle(ApiKey api, short version, Struct request) {
        return api == ApiKey.SASL_HANDSHAKE ? handshake(version, request) : authenticate(version, request);
    }

    private Outcome handshake(short version, Struct request) {
        String mechanism = request.getString(SaslHandshakeRequest.MECHANISM);
        Struct response = ApiMessages.response(ApiKey.SASL_HANDSHAKE).newStruct()
                .set(SaslHandshakeResponse.MECHANISMS, listener.enabledMechanisms());
        boolean reauthenticating = state == State.COMPLETE;
        if (state != State.HANDSHAKE && !reauthenticating) {
            return fail(response.set(SaslHandshakeResponse.ERROR_CODE, Errors.ILLEGAL_SASL_STATE.code()),
                    "SaslHandshake in SASL state " + state, null);
        }
        if (!listener.enabledMechanisms().contains(mechanism)) {
            return fail(response.set(SaslHandshakeResponse.ERROR_CODE, Errors.UNSUPPORTED_SASL_MECHANISM.code()),
                    "Unsupported SASL mechanism " + mechanism, null);
        }
        if (reauthenticating && !mechanism.equals(authenticatedMechanism)) {
            return fail(response.set(SaslHandshakeResponse.ERROR_CODE, Errors.UNSUPPORTED_SASL_MECHANISM.code()),
                    "SASL mechanism '" + mechanism + "' requested by client is not supported for re-authentication "
                            + "of mechanism '" + authenticatedMechanism + "'", null);
        }
        mechanismServer = newMechanismServer(mechanism);
        state = version == 0 && !reauthenticating ? State.RAW_TOKENS : State.AUTHENTICATE;
        return new Outcome(response.set(SaslHandshakeResponse.ERROR_CODE, Errors.NONE.code()), false);
    }

    private Outcome authenticate(short version, Struct request) {
        Struct response = ApiMessages.response(ApiKey.SASL_AUTHENTICATE).newStruct();
        if (state != State.AUTHENTICATE) {
            return fail(response.set(SaslAuthenticateResponse.ERROR_CODE, Errors.ILLEGAL_SASL_STATE.code())
                            .set(SaslAuthenticateResponse.ERROR_MESSAGE, "Unexpected SaslAuthenticate request in SASL state " + state),
                    "SaslAuthenticate in SASL state " + state, null);
        }
        ByteBuffer bytes = request.get(SaslAuthenticateRequest.AUTH_BYTES);
        byte[] token = new byte[bytes.remaining()];
        bytes.get(token);
        try {
            byte[] answer = mechanismServer.evaluate(token);
            long lifetimeMs = mechanismServer.isComplete() ? completed() : 0;
            return new Outcome(response.set(SaslAuthenticateResponse.ERROR_CODE, Errors.NONE.code())
                    .set(SaslAuthenticateResponse.AUTH_BYTES, ByteBuffer.wrap(answer))
                    .set(SaslAuthenticateResponse.SESSION_LIFETIME_MS, lifetimeMs), false);
        } catch (SaslAuthenticationException e) {
            return fail(response.set(SaslAuthenticateResponse.ERROR_CODE, Errors.SASL_AUTHENTICATION_FAILED.code())
                    .set(SaslAuthenticateResponse.ERROR_MESSAGE, e.getMessage()), e.getMessage(), mechanismServer.userName());
        }
    }

    /**
     * Takes a raw token after a v0 handshake and returns the raw answer to send (size-prefixed, no
     * header), or null when authentication failed and the connection must close without answer.
     */
    public byte[] evaluateRawToken(byte[] token) {
        try {
            byte[] answer = mechanismServer.evaluate(token);
            if (mechanismServer.isComplete()) {
                completed();
            }
            return answer;
        } catch (SaslAuthenticationException e) {
            fail(null, e.getMessage(), mechanismServer.userName());
            return null;
        }
    }

    /** The mechanism completed: sets the principal and the session expiry; returns the session lifetime for the client. */
    private long completed() throws SaslAuthenticationException {
        KafkaPrincipal principal = KafkaPrincipal.user(mechanismServer.userName());
        if (authenticatedPrincipal != null && !authenticatedPrincipal.equals(principal)) {
            throw new SaslAuthenticationException("Cannot change principals during re-authentication from "
                    + authenticatedPrincipal.type() + "." + authenticatedPrincipal.name() + ": "
                    + principal.type() + "." + principal.name());
        }
        boolean reauthentication = authenticatedPrincipal != null;
        authenticatedPrincipal = principal;
        authenticatedMechanism = mechanismServer.mechanism();
        security.setPrincipal(principal);
        state = State.COMPLETE;
        long lifetimeMs = Math.max(0, listener.connectionsMaxReauthMs());
        sessionExpiryNanos = lifetimeMs > 0 ? nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(lifetimeMs) : null;
        server.succeeded(connectionDescription, principal, authenticatedMechanism, reauthentication);
        return lifetimeMs;
    }

    private Outcome fail(Struct response, String reason, String user) {
        state = State.FAILED;
        server.failed(connectionDescription, user, mechanismServer == null ? null : mechanismServer.mechanism(), reason);
        return new Outcome(response, true);
    }

    private SaslMechanismServer newMechanismServer(String mechanism) {
        if (mechanism.equals("PLAIN")) {
            return new PlainServer(listener.plainUsers());
        }
        return new ScramServer(ScramMechanism.forName(mechanism), server.credentials());
    }
}
