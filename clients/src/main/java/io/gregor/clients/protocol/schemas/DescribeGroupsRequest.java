package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DescribeGroupsRequest (api key 15, versions 0-5, flexible 5+). */
public final class DescribeGroupsRequest {
    public static final Field<List<String>> GROUPS = field("Groups", arrayOf(STRING), "0+");
    public static final Field<Boolean> INCLUDE_AUTHORIZED_OPERATIONS =
            field("IncludeAuthorizedOperations", BOOL, "3+");

    public static final MessageSpec SPEC = request(15, "DescribeGroupsRequest", "0-5", "5+",
            GROUPS, INCLUDE_AUTHORIZED_OPERATIONS);

    private DescribeGroupsRequest() {
    }
}
