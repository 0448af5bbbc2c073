package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** FetchRequest (api key 1, versions 0-17, flexible 12+). */
public final class FetchRequest {
    public static final Field<String> CLUSTER_ID =
            field("ClusterId", STRING, "12+").nullable("12+").tagged(0, "12+").withDefault(null);
    public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "0-14").withDefault(-1);
    public static final Field<Struct> REPLICA_STATE =
            struct("ReplicaState", "15+", ReplicaState.SCHEMA).tagged(1, "15+");
    public static final Field<Integer> MAX_WAIT_MS = field("MaxWaitMs", INT32, "0+");
    public static final Field<Integer> MIN_BYTES = field("MinBytes", INT32, "0+");
    public static final Field<Integer> MAX_BYTES = field("MaxBytes", INT32, "3+").withDefault(2147483647);
    public static final Field<Byte> ISOLATION_LEVEL = field("IsolationLevel", INT8, "4+");
    public static final Field<Integer> SESSION_ID = field("SessionId", INT32, "7+");
    public static final Field<Integer> SESSION_EPOCH = field("SessionEpoch", INT32, "7+").withDefault(-1);
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);
    public static final Field<List<Struct>> FORGOTTEN_TOPICS_DATA =
            array("ForgottenTopicsData", "7+", ForgottenTopicsData.SCHEMA);
    public static final Field<String> RACK_ID = field("RackId", STRING, "11+");

    public static final MessageSpec SPEC = request(1, "FetchRequest", "0-17", "12+",
            CLUSTER_ID, REPLICA_ID, REPLICA_STATE, MAX_WAIT_MS, MIN_BYTES, MAX_BYTES, ISOLATION_LEVEL, SESSION_ID,
            SESSION_EPOCH, TOPICS, FORGOTTEN_TOPICS_DATA, RACK_ID);

    private FetchRequest() {
    }

    /** The struct in {@link FetchRequest#REPLICA_STATE}. */
    public static final class ReplicaState {
        public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "15+").withDefault(-1);
        public static final Field<Long> REPLICA_EPOCH = field("ReplicaEpoch", INT64, "15+").withDefault(-1L);
        public static final Schema SCHEMA = structType("ReplicaState", REPLICA_ID, REPLICA_EPOCH);

        private ReplicaState() {
        }
    }

    /** An element of {@link FetchRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC = field("Topic", STRING, "0-12");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "13+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", TOPIC, TOPIC_ID, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link FetchRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION = field("Partition", INT32, "0+");
            public static final Field<Integer> CURRENT_LEADER_EPOCH =
                    field("CurrentLeaderEpoch", INT32, "9+").withDefault(-1);
            public static final Field<Long> FETCH_OFFSET = field("FetchOffset", INT64, "0+");
            public static final Field<Integer> LAST_FETCHED_EPOCH =
                    field("LastFetchedEpoch", INT32, "12+").withDefault(-1);
            public static final Field<Long> LOG_START_OFFSET = field("LogStartOffset", INT64, "5+").withDefault(-1L);
            public static final Field<Integer> PARTITION_MAX_BYTES = field("PartitionMaxBytes", INT32, "0+");
            public static final Field<UUID> REPLICA_DIRECTORY_ID =
                    field("ReplicaDirectoryId", UUID, "17+").tagged(0, "17+");
            public static final Schema SCHEMA = structType("Partitions", PARTITION, CURRENT_LEADER_EPOCH, FETCH_OFFSET,
                    LAST_FETCHED_EPOCH, LOG_START_OFFSET, PARTITION_MAX_BYTES, REPLICA_DIRECTORY_ID);

            private Partitions() {
            }
        }
    }

    /** An element of {@link FetchRequest#FORGOTTEN_TOPICS_DATA}. */
    public static final class ForgottenTopicsData {
        public static final Field<String> TOPIC = field("Topic", STRING, "7-12");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "13+");
        public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "7+");
        public static final Schema SCHEMA = structType("ForgottenTopicsData", TOPIC, TOPIC_ID, PARTITIONS);

        private ForgottenTopicsData() {
        }
    }
}
