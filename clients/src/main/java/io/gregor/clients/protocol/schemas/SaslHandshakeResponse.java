package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** SaslHandshakeResponse (api key 17, versions 0-1, flexible none). */
public final class SaslHandshakeResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<List<String>> MECHANISMS = field("Mechanisms", arrayOf(STRING), "0+");

    public static final MessageSpec SPEC = response(17, "SaslHandshakeResponse", "0-1", "none",
            ERROR_CODE, MECHANISMS);

    private SaslHandshakeResponse() {
    }
}
