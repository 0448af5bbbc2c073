package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Sets or removes client quotas of entities (KIP-546). v1: flexible. */
public final class AlterClientQuotasRequest {
    public static final Field<List<Struct>> ENTRIES = array("Entries", "0+", Entries.SCHEMA)
            .about("One entry per entity whose quotas change.");
    public static final Field<Boolean> VALIDATE_ONLY = field("ValidateOnly", BOOL, "0+")
            .about("True to check the changes without applying them.");

    public static final MessageSpec SPEC = request(49, "AlterClientQuotasRequest", "0-1", "1+",
            ENTRIES, VALIDATE_ONLY);

    private AlterClientQuotasRequest() {
    }

    /** An element of {@link AlterClientQuotasRequest#ENTRIES}. */
    public static final class Entries {
        public static final Field<List<Struct>> ENTITY = array("Entity", "0+", Entity.SCHEMA)
                .about("The entity: one part per entity type it names.");
        public static final Field<List<Struct>> OPS = array("Ops", "0+", Ops.SCHEMA)
                .about("The changes to the entity's quotas.");
        public static final Schema SCHEMA = structType("Entries", ENTITY, OPS);

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

        /** An element of {@link Entries#OPS}. */
        public static final class Ops {
            public static final Field<String> KEY = field("Key", STRING, "0+")
                    .about("The quota's name, e.g. producer_byte_rate.");
            public static final Field<Double> VALUE = field("Value", FLOAT64, "0+")
                    .about("The value to set; ignored when Remove is true.");
            public static final Field<Boolean> REMOVE = field("Remove", BOOL, "0+")
                    .about("True to remove the quota instead of setting it.");
            public static final Schema SCHEMA = structType("Ops", KEY, VALUE, REMOVE);

            private Ops() {
            }
        }
    }
}
