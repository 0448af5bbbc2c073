package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * DeleteAcls (api key 31): removes the ACL bindings matching each filter. v1 adds the pattern type filter; v2 flexible; v3 as v2.
 */
public final class DeleteAclsRequest {
    public static final Field<List<Struct>> FILTERS = array("Filters", "0+", Filters.SCHEMA)
            .about("The filters whose matching bindings to remove.");

    public static final MessageSpec SPEC = request(31, "DeleteAclsRequest", "0-3", "2+",
            FILTERS);

    private DeleteAclsRequest() {
    }

    /** One filter. */
    public static final class Filters {
        public static final Field<Byte> RESOURCE_TYPE_FILTER = field("ResourceTypeFilter", INT8, "0+")
                .about("The resource type to match.");
        public static final Field<String> RESOURCE_NAME_FILTER = field("ResourceNameFilter", STRING, "0+").nullable("0+")
                .about("The resource name to match, or null for any.");
        public static final Field<Byte> PATTERN_TYPE_FILTER = field("PatternTypeFilter", INT8, "1+").withDefault(3)
                .about("How resource names match (1 any, 2 match, 3 literal, 4 prefixed); since v1, literal before.");
        public static final Field<String> PRINCIPAL_FILTER = field("PrincipalFilter", STRING, "0+").nullable("0+")
                .about("The principal to match, or null for any.");
        public static final Field<String> HOST_FILTER = field("HostFilter", STRING, "0+").nullable("0+")
                .about("The host to match, or null for any.");
        public static final Field<Byte> OPERATION = field("Operation", INT8, "0+")
                .about("The operation to match.");
        public static final Field<Byte> PERMISSION_TYPE = field("PermissionType", INT8, "0+")
                .about("The permission to match.");
        public static final Schema SCHEMA = structType("Filters", RESOURCE_TYPE_FILTER, RESOURCE_NAME_FILTER,
                PATTERN_TYPE_FILTER, PRINCIPAL_FILTER, HOST_FILTER, OPERATION, PERMISSION_TYPE);

        private Filters() {
        }
    }
}

