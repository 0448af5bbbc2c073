package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.nio.ByteBuffer;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** SaslAuthenticateResponse (api key 36, versions 0-2, flexible 2+). */
public final class SaslAuthenticateResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+");
    public static final Field<ByteBuffer> AUTH_BYTES = field("AuthBytes", BYTES, "0+");
    public static final Field<Long> SESSION_LIFETIME_MS = field("SessionLifetimeMs", INT64, "1+");

    public static final MessageSpec SPEC = response(36, "SaslAuthenticateResponse", "0-2", "2+",
            ERROR_CODE, ERROR_MESSAGE, AUTH_BYTES, SESSION_LIFETIME_MS);

    private SaslAuthenticateResponse() {
    }
}
