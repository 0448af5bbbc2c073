package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The client quotas of the entities that matched the filter. v1: flexible. */
public final class DescribeClientQuotasResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why the quotas could not be described (INVALID_REQUEST for a bad filter...).");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
            .about("A message explaining the error, or null.");
    public static final Field<List<Struct>> ENTRIES = array("Entries", "0+", Entries.SCHEMA).nullable("0+")
            .about("One entry per matching entity that has quotas; null on error.");

    public static final MessageSpec SPEC = response(48, "DescribeClientQuotasResponse", "0-1", "1+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, ENTRIES);

    private DescribeClientQuotasResponse() {
    }

    /** An element of {@link DescribeClientQuotasResponse#ENTRIES}. */
    public static final class Entries {
        public static final Field<List<Struct>> ENTITY = array("Entity", "0+", Entity.SCHEMA)
                .about("The entity: one part per entity type it names.");
        public static final Field<List<Struct>> VALUES = array("Values", "0+", Values.SCHEMA)
                .about("The entity's quota values.");
        public static final Schema SCHEMA = structType("Entries", ENTITY, VALUES);

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

        /** An element of {@link Entries#VALUES}. */
        public static final class Values {
            public static final Field<String> KEY = field("Key", STRING, "0+")
                    .about("The quota's name, e.g. producer_byte_rate.");
            public static final Field<Double> VALUE = field("Value", FLOAT64, "0+")
                    .about("The quota's value.");
            public static final Schema SCHEMA = structType("Values", KEY, VALUE);

            private Values() {
            }
        }
    }
}
