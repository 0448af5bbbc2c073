package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Schemas of the SASL authentication APIs: SaslHandshake (never flexible) and SaslAuthenticate.
 * Field names, types, versions, nullability and defaults follow Kafka's message specs.
 */
public final class SecuritySchemas {
    private SecuritySchemas() {
    }

    public static final MessageSpec SASL_HANDSHAKE_REQUEST = request(17, "SaslHandshakeRequest", "0-1", "none",
            field("Mechanism", STRING, "0+"));

    public static final MessageSpec SASL_HANDSHAKE_RESPONSE = response(17, "SaslHandshakeResponse", "0-1", "none",
            field("ErrorCode", INT16, "0+"),
            field("Mechanisms", arrayOf(STRING), "0+"));

    public static final MessageSpec SASL_AUTHENTICATE_REQUEST = request(36, "SaslAuthenticateRequest", "0-2", "2+",
            field("AuthBytes", BYTES, "0+"));

    public static final MessageSpec SASL_AUTHENTICATE_RESPONSE = response(36, "SaslAuthenticateResponse", "0-2", "2+",
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "0+").nullable("0+"),
            field("AuthBytes", BYTES, "0+"),
            field("SessionLifetimeMs", INT64, "1+"));

    public static List<MessageSpec> all() {
        return List.of(
                SASL_HANDSHAKE_REQUEST,
                SASL_HANDSHAKE_RESPONSE,
                SASL_AUTHENTICATE_REQUEST,
                SASL_AUTHENTICATE_RESPONSE);
    }
}
