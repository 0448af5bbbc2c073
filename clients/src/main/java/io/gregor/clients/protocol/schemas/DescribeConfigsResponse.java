package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to DescribeConfigs: each resource's configs. v1 replaces IsDefault by ConfigSource and
 * adds synonyms; v2 answers before throttling; v3 adds type and documentation; v4 flexible.
 */
public final class DescribeConfigsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One result per resource of the request.");

    public static final MessageSpec SPEC = response(32, "DescribeConfigsResponse", "0-4", "4+",
            THROTTLE_TIME_MS, RESULTS);

    private DescribeConfigsResponse() {
    }

    /** An element of {@link DescribeConfigsResponse#RESULTS}. */
    public static final class Results {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the resource's configs were not described.");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                .about("A human-readable detail of the error, or null when there is none.");
        public static final Field<Byte> RESOURCE_TYPE = field("ResourceType", INT8, "0+")
                .about("The kind of resource: 2 a topic, 4 a broker (Kafka's ConfigResource.Type ids).");
        public static final Field<String> RESOURCE_NAME = field("ResourceName", STRING, "0+")
                .about("The resource's name: a topic name, or a broker id as text (empty for the cluster-wide "
                        + "default).");
        public static final Field<List<Struct>> CONFIGS = array("Configs", "0+", Configs.SCHEMA)
                .about("The resource's configs.");
        public static final Schema SCHEMA = structType("Results", ERROR_CODE, ERROR_MESSAGE, RESOURCE_TYPE,
                RESOURCE_NAME, CONFIGS);

        private Results() {
        }

        /** An element of {@link DescribeConfigsResponse.Results#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "0+")
                    .about("The config key.");
            public static final Field<String> VALUE = field("Value", STRING, "0+").nullable("0+")
                    .about("The effective value, or null for a sensitive one.");
            public static final Field<Boolean> READ_ONLY = field("ReadOnly", BOOL, "0+")
                    .about("True when the config cannot be altered at run time.");
            public static final Field<Boolean> IS_DEFAULT = field("IsDefault", BOOL, "0")
                    .about("True when the value is the default; v0 only, replaced by ConfigSource in v1.");
            public static final Field<Byte> CONFIG_SOURCE = field("ConfigSource", INT8, "1+").withDefault(-1)
                    .about("Where the effective value comes from (Kafka's ConfigSource ids), -1 unknown; since v1.");
            public static final Field<Boolean> IS_SENSITIVE = field("IsSensitive", BOOL, "0+")
                    .about("True when the value is a secret and is not shown (sent as null).");
            public static final Field<List<Struct>> SYNONYMS = array("Synonyms", "1+", Synonyms.SCHEMA)
                    .about("Every source that sets this config, highest precedence first, when asked for; since v1.");
            public static final Field<Byte> CONFIG_TYPE = field("ConfigType", INT8, "3+")
                    .about("The config's type (Kafka's ConfigType ids: 1 boolean, 2 string, 3 int, ..., 7 list); "
                            + "since v3.");
            public static final Field<String> DOCUMENTATION = field("Documentation", STRING, "3+").nullable("0+")
                    .about("The config's documentation, or null when not asked for; since v3.");
            public static final Schema SCHEMA = structType("Configs", NAME, VALUE, READ_ONLY, IS_DEFAULT,
                    CONFIG_SOURCE, IS_SENSITIVE, SYNONYMS, CONFIG_TYPE, DOCUMENTATION);

            private Configs() {
            }

            /** An element of {@link DescribeConfigsResponse.Results.Configs#SYNONYMS}. */
            public static final class Synonyms {
                public static final Field<String> NAME = field("Name", STRING, "1+")
                        .about("The key that sets the config at this source (a broker key may differ from the topic"
                                + " key). Since v1.");
                public static final Field<String> VALUE = field("Value", STRING, "1+").nullable("0+")
                        .about("The value at this source, or null for a sensitive one. Since v1.");
                public static final Field<Byte> SOURCE = field("Source", INT8, "1+")
                        .about("The source (Kafka's ConfigSource ids). Since v1.");
                public static final Schema SCHEMA = structType("Synonyms", NAME, VALUE, SOURCE);

                private Synonyms() {
                }
            }
        }
    }
}
