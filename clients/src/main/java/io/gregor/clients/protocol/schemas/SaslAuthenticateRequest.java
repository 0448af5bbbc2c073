package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.nio.ByteBuffer;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** SaslAuthenticate (api key 36): one SASL token exchange, after SaslHandshake. v1 as v0; v2 flexible. */
public final class SaslAuthenticateRequest {
    public static final Field<ByteBuffer> AUTH_BYTES = field("AuthBytes", BYTES, "0+")
            .about("The SASL mechanism's next client token.");

    public static final MessageSpec SPEC = request(36, "SaslAuthenticateRequest", "0-2", "2+",
            AUTH_BYTES);

    private SaslAuthenticateRequest() {
    }
}
