package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DescribeConfigsRequest (api key 32, versions 0-4, flexible 4+). */
public final class DescribeConfigsRequest {
    public static final Field<List<Struct>> RESOURCES = array("Resources", "0+", Resources.SCHEMA);
    public static final Field<Boolean> INCLUDE_SYNONYMS = field("IncludeSynonyms", BOOL, "1+");
    public static final Field<Boolean> INCLUDE_DOCUMENTATION = field("IncludeDocumentation", BOOL, "3+");

    public static final MessageSpec SPEC = request(32, "DescribeConfigsRequest", "0-4", "4+",
            RESOURCES, INCLUDE_SYNONYMS, INCLUDE_DOCUMENTATION);

    private DescribeConfigsRequest() {
    }

    /** An element of {@link DescribeConfigsRequest#RESOURCES}. */
    public static final class Resources {
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+");
        public static final Field<List<String>> CONFIGURATION_KEYS =
                field("ConfigurationKeys", arrayOf(STRING), "0+").nullable("0+");
        public static final Schema SCHEMA = structType("Resources", RESOURCE_TYPE, RESOURCE_NAME, CONFIGURATION_KEYS);

        private Resources() {
        }
    }
}
