package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** CreateTopicsRequest (api key 19, versions 0-7, flexible 5+). */
public final class CreateTopicsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);
    public static final Field<Integer> TIMEOUT_MS = field("timeoutMs", INT32, "0+").withDefault(60000);
    public static final Field<Boolean> VALIDATE_ONLY = field("validateOnly", BOOL, "1+");

    public static final MessageSpec SPEC = request(19, "CreateTopicsRequest", "0-7", "5+",
            TOPICS, TIMEOUT_MS, VALIDATE_ONLY);

    private CreateTopicsRequest() {
    }

    /** An element of {@link CreateTopicsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<Integer> NUM_PARTITIONS = field("NumPartitions", INT32, "0+");
        public static final Field<Short> REPLICATION_FACTOR = field("ReplicationFactor", INT16, "0+");
        public static final Field<List<Struct>> ASSIGNMENTS = array("Assignments", "0+", Assignments.SCHEMA);
        public static final Field<List<Struct>> CONFIGS = array("Configs", "0+", Configs.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", NAME, NUM_PARTITIONS, REPLICATION_FACTOR, ASSIGNMENTS,
                CONFIGS);

        private Topics() {
        }

        /** An element of {@link CreateTopicsRequest.Topics#ASSIGNMENTS}. */
        public static final class Assignments {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<List<Integer>> BROKER_IDS = field("BrokerIds", arrayOf(INT32), "0+");
            public static final Schema SCHEMA = structType("Assignments", PARTITION_INDEX, BROKER_IDS);

            private Assignments() {
            }
        }

        /** An element of {@link CreateTopicsRequest.Topics#CONFIGS}. */
        public static final class Configs {
            public static final Field<String> NAME = field("Name", STRING, "0+");
            public static final Field<String> VALUE = field("Value", STRING, "0+").nullable("0+");
            public static final Schema SCHEMA = structType("Configs", NAME, VALUE);

            private Configs() {
            }
        }
    }
}
