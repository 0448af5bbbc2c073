package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to CreateTopics: one result per topic. v1 adds an error message; v2 the throttle time; v3
 * answers before throttling; v5 flexible with the topic's partitions, replication factor and configs
 * (KIP-525); v6 may carry THROTTLING_QUOTA_EXCEEDED; v7 adds the topic id.
 */
public final class CreateTopicsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v2.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(19, "CreateTopicsResponse", "0-7", "5+",
            THROTTLE_TIME_MS, TOPICS);

    private CreateTopicsResponse() {
    }

    /** An element of {@link CreateTopicsResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "7+")
                .about("The id given to the new topic; since v7.");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the topic was not created.");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "1+").nullable("0+")
                .about("Detail of the error, or null; since v1.");
        public static final Field<Short> TOPIC_CONFIG_ERROR_CODE =
                field("TopicConfigErrorCode", INT16, "5+").tagged(0, "5+")
                .about("0, or why the topic's configs could not be described (KIP-525). Since v5.");
        public static final Field<Integer> NUM_PARTITIONS = field("NumPartitions", INT32, "5+").withDefault(-1)
                .about("The number of partitions the topic got, -1 when unknown; since v5.");
        public static final Field<Short> REPLICATION_FACTOR = field("ReplicationFactor", INT16, "5+").withDefault(-1)
                .about("The replication factor the topic got, -1 when unknown; since v5.");
        public static final Field<List<Struct>> CONFIGS = array("Configs", "5+", Configs.SCHEMA).nullable("5+")
                .about("The topic's effective configs (KIP-525), or null when they could not be described; since "
                        + "v5.");
        public static final Schema SCHEMA = structType("Topics", NAME, TOPIC_ID, ERROR_CODE, ERROR_MESSAGE,
                TOPIC_CONFIG_ERROR_CODE, NUM_PARTITIONS, REPLICATION_FACTOR, CONFIGS);

        private Topics() {
        }

        /** An element of {@link CreateTopicsResponse.Topics#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "5+")
                    .about("The config key. Since v5.");
            public static final Field<String> VALUE = field("Value", STRING, "5+").nullable("5+")
                    .about("The effective value, or null for a sensitive one. Since v5.");
            public static final Field<Boolean> READ_ONLY = field("ReadOnly", BOOL, "5+")
                    .about("True when the config cannot be altered at run time. Since v5.");
            public static final Field<Byte> CONFIG_SOURCE = field("ConfigSource", INT8, "5+").withDefault(-1)
                    .about("Where the value comes from (Kafka's ConfigSource ids: 1 a topic override, 4 the "
                            + "broker's static config, 5 the built-in default...), -1 unknown. Since v5.");
            public static final Field<Boolean> IS_SENSITIVE = field("IsSensitive", BOOL, "5+")
                    .about("True when the value is a secret and is not shown (sent as null). Since v5.");
            public static final Schema SCHEMA = structType("Configs", NAME, VALUE, READ_ONLY, CONFIG_SOURCE,
                    IS_SENSITIVE);

            private Configs() {
            }
        }
    }
}
