package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DeleteGroupsRequest (api key 42, versions 0-2, flexible 2+). */
public final class DeleteGroupsRequest {
    public static final Field<List<String>> GROUPS_NAMES = field("GroupsNames", arrayOf(STRING), "0+");

    public static final MessageSpec SPEC = request(42, "DeleteGroupsRequest", "0-2", "2+",
            GROUPS_NAMES);

    private DeleteGroupsRequest() {
    }
}
