package io.gregor.broker.security;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.schemas.SaslAuthenticateResponse;
import io.gregor.clients.protocol.schemas.SaslHandshakeResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SaslHandshake and SaslAuthenticate where no SASL exchange can happen: on listeners without SASL
 * (Kafka answers ILLEGAL_SASL_STATE there too). On SASL listeners the connection's
 * {@link SaslAuthenticator} answers them before they reach any handler. Registering them also
 * makes ApiVersions advertise both APIs, as Kafka does on every listener.
 */
public final class SaslApiHandlers {

    private SaslApiHandlers() {
    }

    public static void register(ApiHandlerRegistry registry) {
        registry.register(ApiKey.SASL_HANDSHAKE, (context, request) -> CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.SASL_HANDSHAKE).newStruct()
                        .set(SaslHandshakeResponse.ERROR_CODE, Errors.ILLEGAL_SASL_STATE.code())
                        .set(SaslHandshakeResponse.MECHANISMS, List.of())));
        registry.register(ApiKey.SASL_AUTHENTICATE, (context, request) -> CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.SASL_AUTHENTICATE).newStruct()
                        .set(SaslAuthenticateResponse.ERROR_CODE, Errors.ILLEGAL_SASL_STATE.code())
                        .set(SaslAuthenticateResponse.ERROR_MESSAGE, "SaslAuthenticate request received on listener "
                                + context.listenerName() + ", which does not use SASL")));
    }
}
