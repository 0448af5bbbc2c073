package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The outcome of an AlterClientQuotas request, per entity. v1: flexible. */
public final class AlterClientQuotasResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> ENTRIES = array("Entries", "0+", Entries.SCHEMA)
            .about("One result per entity of the request.");

    public static final MessageSpec SPEC = response(49, "AlterClientQuotasResponse", "0-1", "1+",
            THROTTLE_TIME_MS, ENTRIES);

    private AlterClientQuotasResponse() {
    }

    /** An element of {@link AlterClientQuotasResponse#ENTRIES}. */
    public static final class Entries {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the entity's quotas were not changed (INVALID_REQUEST...).");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                .about("A message explaining the error, or null.");
        public static final Field<List<Struct>> ENTITY = array("Entity", "0+", Entity.SCHEMA)
                .about("The entity, as the request named it.");
        public static final Schema SCHEMA = structType("Entries", ERROR_CODE, ERROR_MESSAGE, ENTITY);

        private Entries() {
        }

        /** An element of {@link Entries#ENTITY}. */
        public static final class Entity {
            public static final Field<String> ENTITY_TYPE = field("EntityType", STRING, "0+")
                    .about("The entity type (user, client-id, ip).");
            public static final Field<String> ENTITY_NAME = field("EntityName", STRING, "0+").nullable("0+")
                    .about("The entity name, or null for the default entity of the type.");
            public static final Schema SCHEMA = structType("Entity", ENTITY_TYPE, ENTITY_NAME);

            private Entity() {
            }
        }
    }
}
