package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** IncrementalAlterConfigsRequest (api key 44, versions 0-1, flexible 1+). */
public final class IncrementalAlterConfigsRequest {
    public static final Field<List<Struct>> RESOURCES = array("Resources", "0+", Resources.SCHEMA);
    public static final Field<Boolean> VALIDATE_ONLY = field("ValidateOnly", BOOL, "0+");

    public static final MessageSpec SPEC = request(44, "IncrementalAlterConfigsRequest", "0-1", "1+",
            RESOURCES, VALIDATE_ONLY);

    private IncrementalAlterConfigsRequest() {
    }

    /** An element of {@link IncrementalAlterConfigsRequest#RESOURCES}. */
    public static final class Resources {
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+");
        public static final Field<List<Struct>> CONFIGS = array("Configs", "0+", Configs.SCHEMA);
        public static final Schema SCHEMA = structType("Resources", RESOURCE_TYPE, RESOURCE_NAME, CONFIGS);

        private Resources() {
        }

        /** An element of {@link IncrementalAlterConfigsRequest.Resources#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "0+");
            public static final Field<Byte> CONFIG_OPERATION = field("ConfigOperation", INT8, "0+");
            public static final Field<String> VALUE = field("Value", STRING, "0+").nullable("0+");
            public static final Schema SCHEMA = structType("Configs", NAME, CONFIG_OPERATION, VALUE);

            private Configs() {
            }
        }
    }
}
