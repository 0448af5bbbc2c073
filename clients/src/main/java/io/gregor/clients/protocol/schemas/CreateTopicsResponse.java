package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** CreateTopicsResponse (api key 19, versions 0-7, flexible 5+). */
public final class CreateTopicsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = response(19, "CreateTopicsResponse", "0-7", "5+",
            THROTTLE_TIME_MS, TOPICS);

    private CreateTopicsResponse() {
    }

    /** An element of {@link CreateTopicsResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "7+");
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "1+").nullable("0+");
        public static final Field<Short> TOPIC_CONFIG_ERROR_CODE =
                field("TopicConfigErrorCode", INT16, "5+").tagged(0, "5+");
        public static final Field<Integer> NUM_PARTITIONS = field("NumPartitions", INT32, "5+").withDefault(-1);
        public static final Field<Short> REPLICATION_FACTOR = field("ReplicationFactor", INT16, "5+").withDefault(-1);
        public static final Field<List<Struct>> CONFIGS = array("Configs", "5+", Configs.SCHEMA).nullable("5+");
        public static final Schema SCHEMA = structType("Topics", NAME, TOPIC_ID, ERROR_CODE, ERROR_MESSAGE,
                TOPIC_CONFIG_ERROR_CODE, NUM_PARTITIONS, REPLICATION_FACTOR, CONFIGS);

        private Topics() {
        }

        /** An element of {@link CreateTopicsResponse.Topics#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "5+");
            public static final Field<String> VALUE = field("Value", STRING, "5+").nullable("5+");
            public static final Field<Boolean> READ_ONLY = field("ReadOnly", BOOL, "5+");
            public static final Field<Byte> CONFIG_SOURCE = field("ConfigSource", INT8, "5+").withDefault(-1);
            public static final Field<Boolean> IS_SENSITIVE = field("IsSensitive", BOOL, "5+");
            public static final Schema SCHEMA = structType("Configs", NAME, VALUE, READ_ONLY, CONFIG_SOURCE,
                    IS_SENSITIVE);

            private Configs() {
            }
        }
    }
}
