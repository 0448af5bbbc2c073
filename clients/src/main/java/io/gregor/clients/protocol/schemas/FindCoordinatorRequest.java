package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * FindCoordinator (api key 10): which broker coordinates a group (or a transactional id). v1 adds the
 * key type; v2 as v1; v3 flexible; v4 several keys at once (KIP-699); v5 TRANSACTION_ABORTABLE; v6
 * share groups.
 */
public final class FindCoordinatorRequest {
    public static final Field<String> KEY = field("Key", STRING, "0-3")
            .about("The group id or transactional id whose coordinator is asked for; up to v3.");
    public static final Field<Byte> KEY_TYPE = field("KeyType", INT8, "1+")
            .about("0 for a group coordinator, 1 for a transaction coordinator; since v1.");
    public static final Field<List<String>> COORDINATOR_KEYS = field("CoordinatorKeys", arrayOf(STRING), "4+")
            .about("Several keys at once (KIP-699); since v4, in place of Key.");

    public static final MessageSpec SPEC = request(10, "FindCoordinatorRequest", "0-6", "3+",
            KEY, KEY_TYPE, COORDINATOR_KEYS);

    private FindCoordinatorRequest() {
    }
}
