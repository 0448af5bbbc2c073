package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * DescribeGroups (api key 15): the state, protocol and members of groups. v1-2 as v0; v3 can ask for
 * authorized operations; v4 members carry group.instance.id; v5 flexible.
 */
public final class DescribeGroupsRequest {
    public static final Field<List<String>> GROUPS = field("Groups", arrayOf(STRING), "0+")
            .about("The ids of the groups to describe.");
    public static final Field<Boolean> INCLUDE_AUTHORIZED_OPERATIONS =
            field("IncludeAuthorizedOperations", BOOL, "3+")
            .about("True to ask which operations the caller may perform on each group; since v3.");

    public static final MessageSpec SPEC = request(15, "DescribeGroupsRequest", "0-5", "5+",
            GROUPS, INCLUDE_AUTHORIZED_OPERATIONS);

    private DescribeGroupsRequest() {
    }
}
