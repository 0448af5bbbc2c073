package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.nio.ByteBuffer;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** SaslAuthenticateRequest (api key 36, versions 0-2, flexible 2+). */
public final class SaslAuthenticateRequest {
    public static final Field<ByteBuffer> AUTH_BYTES = field("AuthBytes", BYTES, "0+");

    public static final MessageSpec SPEC = request(36, "SaslAuthenticateRequest", "0-2", "2+",
            AUTH_BYTES);

    private SaslAuthenticateRequest() {
    }
}
