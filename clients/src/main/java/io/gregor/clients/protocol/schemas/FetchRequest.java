package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Fetch (api key 1): consumers and followers read record batches from partition leaders, waiting up to
 * MaxWaitMs for MinBytes. v2 and v4 require message formats 1 and 2; v3 adds MaxBytes and orders
 * partitions; v4 the isolation level; v5 the log start offset; v7 fetch sessions (KIP-227); v9 the
 * current leader epoch (KIP-320); v10 zstd; v11 the rack (KIP-392); v12 flexible, with the last
 * fetched epoch; v13 topic ids (KIP-516); v14 tiered-storage errors; v15 the replica state with the
 * broker epoch (KIP-903); v16 as v15; v17 the replica's directory id (KIP-853).
 */
public final class FetchRequest {
    public static final Field<String> CLUSTER_ID =
            field("ClusterId", STRING, "12+").nullable("12+").tagged(0, "12+").withDefault(null)
            .about("The cluster id the fetcher expects, or null (used by KRaft's own fetches); since v12.");
    public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "0-14").withDefault(-1)
            .about("The broker id of a follower fetching, -1 for a consumer; up to v14, then in ReplicaState.");
    public static final Field<Struct> REPLICA_STATE =
            struct("ReplicaState", "15+", ReplicaState.SCHEMA).tagged(1, "15+")
            .about("Who is fetching, with the follower's broker epoch (KIP-903); since v15.");
    public static final Field<Integer> MAX_WAIT_MS = field("MaxWaitMs", INT32, "0+")
            .about("How long, in ms, the broker may hold the request waiting for MinBytes.");
    public static final Field<Integer> MIN_BYTES = field("MinBytes", INT32, "0+")
            .about("Answer as soon as this many bytes are available (or MaxWaitMs passes).");
    public static final Field<Integer> MAX_BYTES = field("MaxBytes", INT32, "3+").withDefault(2147483647)
            .about("Cap on the bytes of the whole response (the first batch is sent even if larger); since v3.");
    public static final Field<Byte> ISOLATION_LEVEL = field("IsolationLevel", INT8, "4+")
            .about("0 reads uncommitted records, 1 only committed ones (stops at the last stable offset). Since v4.");
    public static final Field<Integer> SESSION_ID = field("SessionId", INT32, "7+")
            .about("The incremental fetch session's id (KIP-227), 0 for a full fetch; since v7.");
    public static final Field<Integer> SESSION_EPOCH = field("SessionEpoch", INT32, "7+").withDefault(-1)
            .about("The fetch session's epoch: 0 opens a session, -1 a full fetch without one; since v7.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics to fetch from.");
    public static final Field<List<Struct>> FORGOTTEN_TOPICS_DATA =
            array("ForgottenTopicsData", "7+", ForgottenTopicsData.SCHEMA)
            .about("Partitions to drop from the incremental fetch session; since v7.");
    public static final Field<String> RACK_ID = field("RackId", STRING, "11+")
            .about("The consumer's client.rack, for fetching from the closest replica (KIP-392); since v11.");

    public static final MessageSpec SPEC = request(1, "FetchRequest", "0-17", "12+",
            CLUSTER_ID, REPLICA_ID, REPLICA_STATE, MAX_WAIT_MS, MIN_BYTES, MAX_BYTES, ISOLATION_LEVEL, SESSION_ID,
            SESSION_EPOCH, TOPICS, FORGOTTEN_TOPICS_DATA, RACK_ID);

    private FetchRequest() {
    }

    /** The struct in {@link FetchRequest#REPLICA_STATE}. */
    public static final class ReplicaState {
        public static final Field<Integer> REPLICA_ID = field("ReplicaId", INT32, "15+").withDefault(-1)
                .about("The broker id of a follower fetching, -1 for a consumer. Since v15.");
        public static final Field<Long> REPLICA_EPOCH = field("ReplicaEpoch", INT64, "15+").withDefault(-1L)
                .about("The follower's broker epoch, -1 for a consumer. Since v15.");
        public static final Schema SCHEMA = structType("ReplicaState", REPLICA_ID, REPLICA_EPOCH);

        private ReplicaState() {
        }
    }

    /** An element of {@link FetchRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC = field("Topic", STRING, "0-12")
                .about("The topic's name; up to v12, then its id.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "13+")
                .about("The topic's id; since v13, in place of its name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of the topic to fetch.");
        public static final Schema SCHEMA = structType("Topics", TOPIC, TOPIC_ID, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link FetchRequest.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION = field("Partition", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Integer> CURRENT_LEADER_EPOCH =
                    field("CurrentLeaderEpoch", INT32, "9+").withDefault(-1)
                    .about("The leader epoch the fetcher knows, -1 to skip the check (KIP-320); since v9.");
            public static final Field<Long> FETCH_OFFSET = field("FetchOffset", INT64, "0+")
                    .about("The offset to read from.");
            public static final Field<Integer> LAST_FETCHED_EPOCH =
                    field("LastFetchedEpoch", INT32, "12+").withDefault(-1)
                    .about("The epoch of the last record the follower has, to detect a diverged log (KIP-595), -1 "
                            + "when unknown; since v12.");
            public static final Field<Long> LOG_START_OFFSET = field("LogStartOffset", INT64, "5+").withDefault(-1L)
                    .about("A follower's log start offset, -1 for a consumer; since v5.");
            public static final Field<Integer> PARTITION_MAX_BYTES = field("PartitionMaxBytes", INT32, "0+")
                    .about("Cap on the bytes returned for this partition (the first batch is sent even if larger).");
            public static final Field<UUID> REPLICA_DIRECTORY_ID =
                    field("ReplicaDirectoryId", UUID, "17+").tagged(0, "17+")
                    .about("The follower's log directory id (KIP-853); since v17.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION, CURRENT_LEADER_EPOCH, FETCH_OFFSET,
                    LAST_FETCHED_EPOCH, LOG_START_OFFSET, PARTITION_MAX_BYTES, REPLICA_DIRECTORY_ID);

            private Partitions() {
            }
        }
    }

    /** An element of {@link FetchRequest#FORGOTTEN_TOPICS_DATA}. */
    public static final class ForgottenTopicsData {
        public static final Field<String> TOPIC = field("Topic", STRING, "7-12")
                .about("The topic's name; v7-12.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "13+")
                .about("The topic's id; since v13.");
        public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "7+")
                .about("The partitions to forget. Since v7.");
        public static final Schema SCHEMA = structType("ForgottenTopicsData", TOPIC, TOPIC_ID, PARTITIONS);

        private ForgottenTopicsData() {
        }
    }
}
