package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * DescribeConfigs (api key 32): the effective configs of topics or brokers. v1 asks for synonyms; v2
 * as v1; v3 asks for documentation; v4 flexible.
 */
public final class DescribeConfigsRequest {
    public static final Field<List<Struct>> RESOURCES = array("Resources", "0+", Resources.SCHEMA)
            .about("The resources whose configs to describe.");
    public static final Field<Boolean> INCLUDE_SYNONYMS = field("IncludeSynonyms", BOOL, "1+")
            .about("True to list, per config, every source that sets it in order of precedence; since v1.");
    public static final Field<Boolean> INCLUDE_DOCUMENTATION = field("IncludeDocumentation", BOOL, "3+")
            .about("True to include each config's documentation; since v3.");

    public static final MessageSpec SPEC = request(32, "DescribeConfigsRequest", "0-4", "4+",
            RESOURCES, INCLUDE_SYNONYMS, INCLUDE_DOCUMENTATION);

    private DescribeConfigsRequest() {
    }

    /** An element of {@link DescribeConfigsRequest#RESOURCES}. */
    public static final class Resources {
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                .about("The kind of resource: 2 a topic, 4 a broker (Kafka's ConfigResource.Type ids).");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                .about("The resource's name: a topic name, or a broker id as text (empty for the cluster-wide "
                        + "default).");
        public static final Field<List<String>> CONFIGURATION_KEYS =
                field("ConfigurationKeys", arrayOf(STRING), "0+").nullable("0+")
                .about("The config keys to describe, or null for all of them.");
        public static final Schema SCHEMA = structType("Resources", RESOURCE_TYPE, RESOURCE_NAME, CONFIGURATION_KEYS);

        private Resources() {
        }
    }
}
