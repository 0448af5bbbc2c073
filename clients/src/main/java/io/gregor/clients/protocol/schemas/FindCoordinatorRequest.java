package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** FindCoordinatorRequest (api key 10, versions 0-6, flexible 3+). */
public final class FindCoordinatorRequest {
    public static final Field<String> KEY = field("Key", STRING, "0-3");
    public static final Field<Byte> KEY_TYPE = field("KeyType", INT8, "1+");
    public static final Field<List<String>> COORDINATOR_KEYS = field("CoordinatorKeys", arrayOf(STRING), "4+");

    public static final MessageSpec SPEC = request(10, "FindCoordinatorRequest", "0-6", "3+",
            KEY, KEY_TYPE, COORDINATOR_KEYS);

    private FindCoordinatorRequest() {
    }
}
