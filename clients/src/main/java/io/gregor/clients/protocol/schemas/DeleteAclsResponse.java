package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to DeleteAcls: per filter, an error or the bindings removed. v1 adds the pattern type; v2 flexible; v3 as v2.
 */
public final class DeleteAclsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> FILTER_RESULTS = array("FilterResults", "0+", FilterResults.SCHEMA)
            .about("One result per filter, in the request's order.");

    public static final MessageSpec SPEC = response(31, "DeleteAclsResponse", "0-3", "2+",
            THROTTLE_TIME_MS, FILTER_RESULTS);

    private DeleteAclsResponse() {
    }

    /** The result of one filter. */
    public static final class FilterResults {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why nothing was removed for this filter (SECURITY_DISABLED without an authorizer).");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                .about("A human-readable explanation of the error, or null.");
        public static final Field<List<Struct>> MATCHING_ACLS = array("MatchingAcls", "0+", MatchingAcls.SCHEMA)
                .about("The bindings the filter matched and removed.");
        public static final Schema SCHEMA = structType("FilterResults", ERROR_CODE, ERROR_MESSAGE, MATCHING_ACLS);

        /** One removed binding. */
        public static final class MatchingAcls {
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why this binding was not removed.");
            public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                    .about("A human-readable explanation of the error, or null.");
            public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                    .about("The binding's resource type.");
            public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                    .about("The binding's resource name.");
            public static final Field<Byte> PATTERN_TYPE = field("PatternType", INT8, "1+").withDefault(3)
                    .about("How the binding's resource name matches; since v1.");
            public static final Field<String> PRINCIPAL = field("Principal", STRING, "0+")
                    .about("The principal the binding names.");
            public static final Field<String> HOST = field("Host", STRING, "0+")
                    .about("The host the binding names.");
            public static final Field<Byte> OPERATION = field("Operation", INT8, "0+")
                    .about("The operation the binding covers.");
            public static final Field<Byte> PERMISSION_TYPE = field("PermissionType", INT8, "0+")
                    .about("Whether the binding allowed or denied.");
            public static final Schema SCHEMA = structType("MatchingAcls", ERROR_CODE, ERROR_MESSAGE, RESOURCE_TYPE,
                    RESOURCE_NAME, PATTERN_TYPE, PRINCIPAL, HOST, OPERATION, PERMISSION_TYPE);

            private MatchingAcls() {
            }
        }

        private FilterResults() {
        }
    }
}

