package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to SaslHandshake: the broker's enabled mechanisms. v1 as v0. Never flexible. */
public final class SaslHandshakeResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or UNSUPPORTED_SASL_MECHANISM.");
    public static final Field<List<String>> MECHANISMS = field("Mechanisms", arrayOf(STRING), "0+")
            .about("The mechanisms the broker enables.");

    public static final MessageSpec SPEC = response(17, "SaslHandshakeResponse", "0-1", "none",
            ERROR_CODE, MECHANISMS);

    private SaslHandshakeResponse() {
    }
}
