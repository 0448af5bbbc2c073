package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * DescribeAcls (api key 29): lists the ACL bindings matching a filter. v1 adds the pattern type filter; v2 flexible; v3 as v2.
 */
public final class DescribeAclsRequest {
    public static final Field<Byte> RESOURCE_TYPE_FILTER = field("ResourceTypeFilter", INT8, "0+")
            .about("The resource type to match (1 any, 2 topic, 3 group, 4 cluster, ...).");
    public static final Field<String> RESOURCE_NAME_FILTER = field("ResourceNameFilter", STRING, "0+").nullable("0+")
            .about("The resource name to match, or null for any.");
    public static final Field<Byte> PATTERN_TYPE_FILTER = field("PatternTypeFilter", INT8, "1+").withDefault(3)
            .about("How resource names match (1 any, 2 match, 3 literal, 4 prefixed); since v1, literal before.");
    public static final Field<String> PRINCIPAL_FILTER = field("PrincipalFilter", STRING, "0+").nullable("0+")
            .about("The principal to match, or null for any.");
    public static final Field<String> HOST_FILTER = field("HostFilter", STRING, "0+").nullable("0+")
            .about("The host to match, or null for any.");
    public static final Field<Byte> OPERATION = field("Operation", INT8, "0+")
            .about("The operation to match (1 any, 2 all, 3 read, 4 write, ...).");
    public static final Field<Byte> PERMISSION_TYPE = field("PermissionType", INT8, "0+")
            .about("The permission to match (1 any, 2 deny, 3 allow).");

    public static final MessageSpec SPEC = request(29, "DescribeAclsRequest", "0-3", "2+",
            RESOURCE_TYPE_FILTER, RESOURCE_NAME_FILTER, PATTERN_TYPE_FILTER, PRINCIPAL_FILTER, HOST_FILTER,
            OPERATION, PERMISSION_TYPE);

    private DescribeAclsRequest() {
    }
}

