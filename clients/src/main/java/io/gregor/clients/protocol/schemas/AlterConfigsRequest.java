package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * AlterConfigs (api key 33): replaces the whole set of config overrides of each resource named. v1 as
 * v0; v2 flexible. Superseded by IncrementalAlterConfigs, which changes single keys.
 */
public final class AlterConfigsRequest {
    public static final Field<List<Struct>> RESOURCES = array("Resources", "0+", Resources.SCHEMA)
            .about("The resources whose configs to replace.");
    public static final Field<Boolean> VALIDATE_ONLY = field("ValidateOnly", BOOL, "0+")
            .about("True to check the new configs without writing them.");

    public static final MessageSpec SPEC = request(33, "AlterConfigsRequest", "0-2", "2+",
            RESOURCES, VALIDATE_ONLY);

    private AlterConfigsRequest() {
    }

    /** An element of {@link AlterConfigsRequest#RESOURCES}. */
    public static final class Resources {
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                .about("The kind of resource: 2 a topic, 4 a broker (Kafka's ConfigResource.Type ids).");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                .about("The resource's name: a topic name, or a broker id as text (empty for the cluster-wide "
                        + "default).");
        public static final Field<List<Struct>> CONFIGS = array("Configs", "0+", Configs.SCHEMA)
                .about("The resource's new configs: they replace every override it has.");
        public static final Schema SCHEMA = structType("Resources", RESOURCE_TYPE, RESOURCE_NAME, CONFIGS);

        private Resources() {
        }

        /** An element of {@link AlterConfigsRequest.Resources#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "0+")
                    .about("The config key.");
            public static final Field<String> VALUE = field("Value", STRING, "0+").nullable("0+")
                    .about("The config value; null is refused.");
            public static final Schema SCHEMA = structType("Configs", NAME, VALUE);

            private Configs() {
            }
        }
    }
}
