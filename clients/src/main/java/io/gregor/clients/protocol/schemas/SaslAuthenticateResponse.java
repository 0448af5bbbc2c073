package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.nio.ByteBuffer;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to SaslAuthenticate. v1 adds the session lifetime (KIP-368); v2 flexible. */
public final class SaslAuthenticateResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or SASL_AUTHENTICATION_FAILED.");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
            .about("A human-readable detail of the error, or null when there is none.");
    public static final Field<ByteBuffer> AUTH_BYTES = field("AuthBytes", BYTES, "0+")
            .about("The SASL mechanism's next server token.");
    public static final Field<Long> SESSION_LIFETIME_MS = field("SessionLifetimeMs", INT64, "1+")
            .about("How long, in ms, the authenticated session lasts before re-authentication, 0 for unlimited; "
                    + "since v1.");

    public static final MessageSpec SPEC = response(36, "SaslAuthenticateResponse", "0-2", "2+",
            ERROR_CODE, ERROR_MESSAGE, AUTH_BYTES, SESSION_LIFETIME_MS);

    private SaslAuthenticateResponse() {
    }
}
