package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ListGroupsRequest (api key 16, versions 0-5, flexible 3+). */
public final class ListGroupsRequest {
    public static final Field<List<String>> STATES_FILTER = field("StatesFilter", arrayOf(STRING), "4+");
    public static final Field<List<String>> TYPES_FILTER = field("TypesFilter", arrayOf(STRING), "5+");

    public static final MessageSpec SPEC = request(16, "ListGroupsRequest", "0-5", "3+",
            STATES_FILTER, TYPES_FILTER);

    private ListGroupsRequest() {
    }
}
