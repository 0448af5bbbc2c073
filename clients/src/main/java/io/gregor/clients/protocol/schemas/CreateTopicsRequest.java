package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * CreateTopics (api key 19): creates topics with a partition count and replication factor or explicit
 * assignments, and config overrides. v1 adds validateOnly; v4 lets partitions and replication factor
 * default to the broker's (KIP-464); v5 flexible, the answer describes the new topics' configs
 * (KIP-525); v6 may be throttled (KIP-599); v7 as v6.
 */
public final class CreateTopicsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics to create.");
    public static final Field<Integer> TIMEOUT_MS = field("timeoutMs", INT32, "0+").withDefault(60000)
            .about("How long, in ms, to wait for the topics to have leaders before answering.");
    public static final Field<Boolean> VALIDATE_ONLY = field("validateOnly", BOOL, "1+")
            .about("True to check the request without creating anything; since v1.");

    public static final MessageSpec SPEC = request(19, "CreateTopicsRequest", "0-7", "5+",
            TOPICS, TIMEOUT_MS, VALIDATE_ONLY);

    private CreateTopicsRequest() {
    }

    /** An element of {@link CreateTopicsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<Integer> NUM_PARTITIONS = field("NumPartitions", INT32, "0+")
                .about("The number of partitions, or -1 for the broker's num.partitions (from v4, KIP-464).");
        public static final Field<Short> REPLICATION_FACTOR = field("ReplicationFactor", INT16, "0+")
                .about("The replication factor, or -1 for the broker's default.replication.factor (from v4, "
                        + "KIP-464).");
        public static final Field<List<Struct>> ASSIGNMENTS = array("Assignments", "0+", Assignments.SCHEMA)
                .about("Explicit replica assignments per partition; empty to let the controller place the replicas.");
        public static final Field<List<Struct>> CONFIGS = array("Configs", "0+", Configs.SCHEMA)
                .about("Topic config overrides to set.");
        public static final Schema SCHEMA = structType("Topics", NAME, NUM_PARTITIONS, REPLICATION_FACTOR, ASSIGNMENTS,
                CONFIGS);

        private Topics() {
        }

        /** An element of {@link CreateTopicsRequest.Topics#ASSIGNMENTS}. */
        public static final class Assignments {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number.");
            public static final Field<List<Integer>> BROKER_IDS = field("BrokerIds", arrayOf(INT32), "0+")
                    .about("The partition's replicas, by broker id.");
            public static final Schema SCHEMA = structType("Assignments", PARTITION_INDEX, BROKER_IDS);

            private Assignments() {
            }
        }

        /** An element of {@link CreateTopicsRequest.Topics#CONFIGS}. */
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
