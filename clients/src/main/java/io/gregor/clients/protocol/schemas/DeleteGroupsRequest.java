package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DeleteGroups (api key 42): deletes empty consumer groups and their offsets. v1 as v0; v2 flexible. */
public final class DeleteGroupsRequest {
    public static final Field<List<String>> GROUPS_NAMES = field("GroupsNames", arrayOf(STRING), "0+")
            .about("The ids of the groups to delete.");

    public static final MessageSpec SPEC = request(42, "DeleteGroupsRequest", "0-2", "2+",
            GROUPS_NAMES);

    private DeleteGroupsRequest() {
    }
}
