package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * ListGroups (api key 16): the groups a broker coordinates. v1-2 as v0; v3 flexible; v4 filters by
 * state (KIP-518); v5 filters by type (KIP-848).
 */
public final class ListGroupsRequest {
    public static final Field<List<String>> STATES_FILTER = field("StatesFilter", arrayOf(STRING), "4+")
            .about("Only groups in these states; empty for all (KIP-518); since v4.");
    public static final Field<List<String>> TYPES_FILTER = field("TypesFilter", arrayOf(STRING), "5+")
            .about("Only groups of these types (classic, consumer...); empty for all (KIP-848); since v5.");

    public static final MessageSpec SPEC = request(16, "ListGroupsRequest", "0-5", "3+",
            STATES_FILTER, TYPES_FILTER);

    private ListGroupsRequest() {
    }
}
