package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * SaslHandshake (api key 17): the client names the SASL mechanism it wants. v1 continues with
 * SaslAuthenticate requests rather than raw tokens. Never flexible: its version cannot easily be
 * bumped (KAFKA-9577).
 */
public final class SaslHandshakeRequest {
    public static final Field<String> MECHANISM = field("Mechanism", STRING, "0+")
            .about("The SASL mechanism the client wants (PLAIN, SCRAM-SHA-256...).");

    public static final MessageSpec SPEC = request(17, "SaslHandshakeRequest", "0-1", "none",
            MECHANISM);

    private SaslHandshakeRequest() {
    }
}
