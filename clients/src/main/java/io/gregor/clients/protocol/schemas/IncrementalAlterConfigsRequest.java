package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * IncrementalAlterConfigs (api key 44, KIP-339): sets, deletes, appends to or subtracts from single
 * config keys. v1 flexible.
 */
public final class IncrementalAlterConfigsRequest {
    public static final Field<List<Struct>> RESOURCES = array("Resources", "0+", Resources.SCHEMA)
            .about("The resources whose configs to change.");
    public static final Field<Boolean> VALIDATE_ONLY = field("ValidateOnly", BOOL, "0+")
            .about("True to check the request without applying it.");

    public static final MessageSpec SPEC = request(44, "IncrementalAlterConfigsRequest", "0-1", "1+",
            RESOURCES, VALIDATE_ONLY);

    private IncrementalAlterConfigsRequest() {
    }

    /** An element of {@link IncrementalAlterConfigsRequest#RESOURCES}. */
    public static final class Resources {
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                .about("The kind of resource: 2 a topic, 4 a broker (Kafka's ConfigResource.Type ids).");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                .about("The resource's name: a topic name, or a broker id as text (empty for the cluster-wide "
                        + "default).");
        public static final Field<List<Struct>> CONFIGS = array("Configs", "0+", Configs.SCHEMA)
                .about("The changes to apply, each to one key.");
        public static final Schema SCHEMA = structType("Resources", RESOURCE_TYPE, RESOURCE_NAME, CONFIGS);

        private Resources() {
        }

        /** An element of {@link IncrementalAlterConfigsRequest.Resources#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "0+")
                    .about("The config key.");
            public static final Field<Byte> CONFIG_OPERATION = field("ConfigOperation", INT8, "0+")
                    .about("0 set, 1 delete (back to the default), 2 append to a list, 3 subtract from a list.");
            public static final Field<String> VALUE = field("Value", STRING, "0+").nullable("0+")
                    .about("The value to set, append or subtract; null for delete.");
            public static final Schema SCHEMA = structType("Configs", NAME, CONFIG_OPERATION, VALUE);

            private Configs() {
            }
        }
    }
}
