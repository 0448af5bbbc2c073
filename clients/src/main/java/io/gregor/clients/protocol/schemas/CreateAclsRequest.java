package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * CreateAcls (api key 30): adds ACL bindings. v1 adds the resource pattern type; v2 flexible; v3 as v2.
 */
public final class CreateAclsRequest {
    public static final Field<List<Struct>> CREATIONS = array("Creations", "0+", Creations.SCHEMA)
            .about("The bindings to add.");

    public static final MessageSpec SPEC = request(30, "CreateAclsRequest", "0-3", "2+",
            CREATIONS);

    private CreateAclsRequest() {
    }

    /** One binding to add. */
    public static final class Creations {
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                .about("The resource's type (2 topic, 3 group, 4 cluster, ...).");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                .about("The resource's name.");
        public static final Field<Byte> RESOURCE_PATTERN_TYPE = field("ResourcePatternType", INT8, "1+").withDefault(3)
                .about("How the resource name matches (3 literal, 4 prefixed); since v1, literal before.");
        public static final Field<String> PRINCIPAL = field("Principal", STRING, "0+")
                .about("The principal the binding names.");
        public static final Field<String> HOST = field("Host", STRING, "0+")
                .about("The host the binding names.");
        public static final Field<Byte> OPERATION = field("Operation", INT8, "0+")
                .about("The operation the binding covers.");
        public static final Field<Byte> PERMISSION_TYPE = field("PermissionType", INT8, "0+")
                .about("Whether the binding allows or denies.");
        public static final Schema SCHEMA = structType("Creations", RESOURCE_TYPE, RESOURCE_NAME,
                RESOURCE_PATTERN_TYPE, PRINCIPAL, HOST, OPERATION, PERMISSION_TYPE);

        private Creations() {
        }
    }
}

