package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to DescribeAcls: the matching bindings grouped by resource, or an error such as SECURITY_DISABLED. v1 adds the pattern type; v2 flexible; v3 as v2.
 */
public final class DescribeAclsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why the ACLs could not be listed (SECURITY_DISABLED without an authorizer).");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
            .about("A human-readable explanation of the error, or null.");
    public static final Field<List<Struct>> RESOURCES = array("Resources", "0+", Resources.SCHEMA)
            .about("The resources with matching bindings.");

    public static final MessageSpec SPEC = response(29, "DescribeAclsResponse", "0-3", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, RESOURCES);

    private DescribeAclsResponse() {
    }

    /** One resource and its matching bindings. */
    public static final class Resources {
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                .about("The resource's type.");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                .about("The resource's name.");
        public static final Field<Byte> PATTERN_TYPE = field("PatternType", INT8, "1+").withDefault(3)
                .about("How the resource name matches (3 literal, 4 prefixed); since v1.");
        public static final Field<List<Struct>> ACLS = array("Acls", "0+", Acls.SCHEMA)
                .about("The matching bindings on this resource.");
        public static final Schema SCHEMA = structType("Resources", RESOURCE_TYPE, RESOURCE_NAME, PATTERN_TYPE, ACLS);

        /** One binding on the resource. */
        public static final class Acls {
            public static final Field<String> PRINCIPAL = field("Principal", STRING, "0+")
                    .about("The principal the binding names.");
            public static final Field<String> HOST = field("Host", STRING, "0+")
                    .about("The host the binding names.");
            public static final Field<Byte> OPERATION = field("Operation", INT8, "0+")
                    .about("The operation the binding covers.");
            public static final Field<Byte> PERMISSION_TYPE = field("PermissionType", INT8, "0+")
                    .about("Whether the binding allows or denies.");
            public static final Schema SCHEMA = structType("Acls", PRINCIPAL, HOST, OPERATION, PERMISSION_TYPE);

            private Acls() {
            }
        }

        private Resources() {
        }
    }
}

