package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DescribeConfigsResponse (api key 32, versions 0-4, flexible 4+). */
public final class DescribeConfigsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA);

    public static final MessageSpec SPEC = response(32, "DescribeConfigsResponse", "0-4", "4+",
            THROTTLE_TIME_MS, RESULTS);

    private DescribeConfigsResponse() {
    }

    /** An element of {@link DescribeConfigsResponse#RESULTS}. */
    public static final class Results {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+");
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+");
        public static final Field<List<Struct>> CONFIGS = array("Configs", "0+", Configs.SCHEMA);
        public static final Schema SCHEMA = structType("Results", ERROR_CODE, ERROR_MESSAGE, RESOURCE_TYPE,
                RESOURCE_NAME, CONFIGS);

        private Results() {
        }

        /** An element of {@link DescribeConfigsResponse.Results#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "0+");
            public static final Field<String> VALUE = field("Value", STRING, "0+").nullable("0+");
            public static final Field<Boolean> READ_ONLY = field("ReadOnly", BOOL, "0+");
            public static final Field<Boolean> IS_DEFAULT = field("IsDefault", BOOL, "0");
            public static final Field<Byte> CONFIG_SOURCE = field("ConfigSource", INT8, "1+").withDefault(-1);
            public static final Field<Boolean> IS_SENSITIVE = field("IsSensitive", BOOL, "0+");
            public static final Field<List<Struct>> SYNONYMS = array("Synonyms", "1+", Synonyms.SCHEMA);
            public static final Field<Byte> CONFIG_TYPE = field("ConfigType", INT8, "3+");
            public static final Field<String> DOCUMENTATION = field("Documentation", STRING, "3+").nullable("0+");
            public static final Schema SCHEMA = structType("Configs", NAME, VALUE, READ_ONLY, IS_DEFAULT,
                    CONFIG_SOURCE, IS_SENSITIVE, SYNONYMS, CONFIG_TYPE, DOCUMENTATION);

            private Configs() {
            }

            /** An element of {@link DescribeConfigsResponse.Results.Configs#SYNONYMS}. */
            public static final class Synonyms {
                public static final Field<String> NAME = field("Name", STRING, "1+");
                public static final Field<String> VALUE = field("Value", STRING, "1+").nullable("0+");
                public static final Field<Byte> SOURCE = field("Source", INT8, "1+");
                public static final Schema SCHEMA = structType("Synonyms", NAME, VALUE, SOURCE);

                private Synonyms() {
                }
            }
        }
    }
}
