package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** SaslHandshakeRequest (api key 17, versions 0-1, flexible none). */
public final class SaslHandshakeRequest {
    public static final Field<String> MECHANISM = field("Mechanism", STRING, "0+");

    public static final MessageSpec SPEC = request(17, "SaslHandshakeRequest", "0-1", "none",
            MECHANISM);

    private SaslHandshakeRequest() {
    }
}
