package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.SchemaDsl;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.Records;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to Fetch: per partition, the records read and the partition's offsets. v1 adds the
 * throttle time; v4 transactional reads (last stable offset, aborted transactions); v5 the log start
 * offset; v6 may carry KAFKA_STORAGE_ERROR; v7 fetch sessions; v8 answers before throttling; v10 zstd;
 * v11 the preferred read replica; v12 flexible, with the diverging epoch and the current leader; v13
 * topic ids; v16 the leaders' endpoints (KIP-951); v17 as v16.
 */
public final class FetchResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "7+")
            .about("0, or an error of the whole fetch session (FETCH_SESSION_ID_NOT_FOUND...); since v7.");
    public static final Field<Integer> SESSION_ID = field("SessionId", INT32, "7+")
            .about("The fetch session's id, 0 when there is none; since v7.");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA)
            .about("One result per fetched topic.");
    public static final Field<List<Struct>> NODE_ENDPOINTS =
            array("NodeEndpoints", "16+", NodeEndpoints.SCHEMA).tagged(0, "16+")
            .about("Endpoints of the leaders named in CurrentLeader, so a client can follow them (KIP-951); since "
                    + "v16.");

    public static final MessageSpec SPEC = response(1, "FetchResponse", "0-17", "12+",
            THROTTLE_TIME_MS, ERROR_CODE, SESSION_ID, RESPONSES, NODE_ENDPOINTS);

    private FetchResponse() {
    }

    /** An element of {@link FetchResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<String> TOPIC = field("Topic", STRING, "0-12")
                .about("The topic's name; up to v12.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "13+")
                .about("The topic's id; since v13.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per fetched partition.");
        public static final Schema SCHEMA = structType("Responses", TOPIC, TOPIC_ID, PARTITIONS);

        private Responses() {
        }

        /** An element of {@link FetchResponse.Responses#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why the partition could not be read (NOT_LEADER_OR_FOLLOWER, "
                            + "OFFSET_OUT_OF_RANGE...).");
            public static final Field<Long> HIGH_WATERMARK = field("HighWatermark", INT64, "0+")
                    .about("The partition's high watermark.");
            public static final Field<Long> LAST_STABLE_OFFSET =
                    field("LastStableOffset", INT64, "4+").withDefault(-1L)
                    .about("The last stable offset (below the first open transaction), -1 when unknown; since v4.");
            public static final Field<Long> LOG_START_OFFSET = field("LogStartOffset", INT64, "5+").withDefault(-1L)
                    .about("The leader's log start offset, -1 when unknown; since v5.");
            public static final Field<Struct> DIVERGING_EPOCH =
                    struct("DivergingEpoch", "12+", DivergingEpoch.SCHEMA).tagged(0, "12+")
                    .about("Where the follower's log diverges from the leader's, when LastFetchedEpoch showed it; "
                            + "since v12.");
            public static final Field<Struct> CURRENT_LEADER =
                    struct("CurrentLeader", "12+", CurrentLeader.SCHEMA).tagged(1, "12+")
                    .about("The current leader when the fetch went to the wrong broker (KIP-951); since v12.");
            public static final Field<Struct> SNAPSHOT_ID =
                    struct("SnapshotId", "12+", SnapshotId.SCHEMA).tagged(2, "12+")
                    .about("The snapshot to fetch instead, for KRaft's metadata log; since v12.");
            public static final Field<List<Struct>> ABORTED_TRANSACTIONS =
                    array("AbortedTransactions", "4+", AbortedTransactions.SCHEMA).nullable("4+")
                    .about("The aborted transactions in the returned range, for read_committed consumers, or null; "
                            + "since v4.");
            public static final Field<Integer> PREFERRED_READ_REPLICA =
                    field("PreferredReadReplica", INT32, "11+").withDefault(-1)
                    .about("The replica the consumer should fetch from instead (KIP-392), -1 for this one; since "
                            + "v11.");
            public static final Field<Records> RECORDS = field("Records", SchemaDsl.RECORDS, "0+").nullable("0+")
                    .about("The record batches read, or null.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE, HIGH_WATERMARK,
                    LAST_STABLE_OFFSET, LOG_START_OFFSET, DIVERGING_EPOCH, CURRENT_LEADER, SNAPSHOT_ID,
                    ABORTED_TRANSACTIONS, PREFERRED_READ_REPLICA, RECORDS);

            private Partitions() {
            }

            /** The struct in {@link FetchResponse.Responses.Partitions#DIVERGING_EPOCH}. */
            public static final class DivergingEpoch {
                public static final Field<Integer> EPOCH = field("Epoch", INT32, "12+").withDefault(-1)
                        .about("The largest epoch the two logs share. Since v12.");
                public static final Field<Long> END_OFFSET = field("EndOffset", INT64, "12+").withDefault(-1L)
                        .about("Where that epoch ends on the leader: the follower truncates there. Since v12.");
                public static final Schema SCHEMA = structType("DivergingEpoch", EPOCH, END_OFFSET);

                private DivergingEpoch() {
                }
            }

            /** The struct in {@link FetchResponse.Responses.Partitions#CURRENT_LEADER}. */
            public static final class CurrentLeader {
                public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "12+").withDefault(-1)
                        .about("The leader's broker id, -1 when unknown. Since v12.");
                public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "12+").withDefault(-1)
                        .about("The leader's epoch, -1 when unknown. Since v12.");
                public static final Schema SCHEMA = structType("CurrentLeader", LEADER_ID, LEADER_EPOCH);

                private CurrentLeader() {
                }
            }

            /** The struct in {@link FetchResponse.Responses.Partitions#SNAPSHOT_ID}. */
            public static final class SnapshotId {
                public static final Field<Long> END_OFFSET = field("EndOffset", INT64, "0+").withDefault(-1L)
                        .about("The end offset of the snapshot.");
                public static final Field<Integer> EPOCH = field("Epoch", INT32, "0+").withDefault(-1)
                        .about("The epoch of the snapshot.");
                public static final Schema SCHEMA = structType("SnapshotId", END_OFFSET, EPOCH);

                private SnapshotId() {
                }
            }

            /** An element of {@link FetchResponse.Responses.Partitions#ABORTED_TRANSACTIONS}. */
            public static final class AbortedTransactions {
                public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "4+")
                        .about("The producer of the aborted transaction. Since v4.");
                public static final Field<Long> FIRST_OFFSET = field("FirstOffset", INT64, "4+")
                        .about("The first offset of the aborted transaction. Since v4.");
                public static final Schema SCHEMA = structType("AbortedTransactions", PRODUCER_ID, FIRST_OFFSET);

                private AbortedTransactions() {
                }
            }
        }
    }

    /** An element of {@link FetchResponse#NODE_ENDPOINTS}. */
    public static final class NodeEndpoints {
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "16+")
                .about("The broker's id. Since v16.");
        public static final Field<String> HOST = field("Host", STRING, "16+")
                .about("The broker's host name. Since v16.");
        public static final Field<Integer> PORT = field("Port", INT32, "16+")
                .about("The broker's port. Since v16.");
        public static final Field<String> RACK = field("Rack", STRING, "16+").nullable("16+").withDefault(null)
                .about("The broker's rack (broker.rack), or null. Since v16.");
        public static final Schema SCHEMA = structType("NodeEndpoints", NODE_ID, HOST, PORT, RACK);

        private NodeEndpoints() {
        }
    }
}
