package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Asks for the client quotas of the entities matching a filter (KIP-546). v1: flexible. */
public final class DescribeClientQuotasRequest {
    public static final Field<List<Struct>> COMPONENTS = array("Components", "0+", Components.SCHEMA)
            .about("The filter: one component per entity type to match (user, client-id, ip).");
    public static final Field<Boolean> STRICT = field("Strict", BOOL, "0+")
            .about("True to match only entities of exactly the filtered entity types, none with more.");

    public static final MessageSpec SPEC = request(48, "DescribeClientQuotasRequest", "0-1", "1+",
            COMPONENTS, STRICT);

    private DescribeClientQuotasRequest() {
    }

    /** An element of {@link DescribeClientQuotasRequest#COMPONENTS}. */
    public static final class Components {
        public static final Field<String> ENTITY_TYPE = field("EntityType", STRING, "0+")
                .about("The entity type this component filters on (user, client-id, ip).");
        public static final Field<Byte> MATCH_TYPE = field("MatchType", INT8, "0+")
                .about("0: the entity named by Match, 1: the default entity of the type, 2: any entity of the type.");
        public static final Field<String> MATCH = field("Match", STRING, "0+").nullable("0+")
                .about("The entity name to match when MatchType is 0, else null.");
        public static final Schema SCHEMA = structType("Components", ENTITY_TYPE, MATCH_TYPE, MATCH);

        private Components() {
        }
    }
}
