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

/** FetchResponse (api key 1, versions 0-17, flexible 12+). */
public final class FetchResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "7+");
    public static final Field<Integer> SESSION_ID = field("SessionId", INT32, "7+");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA);
    public static final Field<List<Struct>> NODE_ENDPOINTS =
            array("NodeEndpoints", "16+", NodeEndpoints.SCHEMA).tagged(0, "16+");

    public static final MessageSpec SPEC = response(1, "FetchResponse", "0-17", "12+",
            THROTTLE_TIME_MS, ERROR_CODE, SESSION_ID, RESPONSES, NODE_ENDPOINTS);

    private FetchResponse() {
    }

    /** An element of {@link FetchResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<String> TOPIC = field("Topic", STRING, "0-12");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "13+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Responses", TOPIC, TOPIC_ID, PARTITIONS);

        private Responses() {
        }

        /** An element of {@link FetchResponse.Responses#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
            public static final Field<Long> HIGH_WATERMARK = field("HighWatermark", INT64, "0+");
            public static final Field<Long> LAST_STABLE_OFFSET =
                    field("LastStableOffset", INT64, "4+").withDefault(-1L);
            public static final Field<Long> LOG_START_OFFSET = field("LogStartOffset", INT64, "5+").withDefault(-1L);
            public static final Field<Struct> DIVERGING_EPOCH =
                    struct("DivergingEpoch", "12+", DivergingEpoch.SCHEMA).tagged(0, "12+");
            public static final Field<Struct> CURRENT_LEADER =
                    struct("CurrentLeader", "12+", CurrentLeader.SCHEMA).tagged(1, "12+");
            public static final Field<Struct> SNAPSHOT_ID =
                    struct("SnapshotId", "12+", SnapshotId.SCHEMA).tagged(2, "12+");
            public static final Field<List<Struct>> ABORTED_TRANSACTIONS =
                    array("AbortedTransactions", "4+", AbortedTransactions.SCHEMA).nullable("4+");
            public static final Field<Integer> PREFERRED_READ_REPLICA =
                    field("PreferredReadReplica", INT32, "11+").withDefault(-1);
            public static final Field<Records> RECORDS = field("Records", SchemaDsl.RECORDS, "0+").nullable("0+");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE, HIGH_WATERMARK,
                    LAST_STABLE_OFFSET, LOG_START_OFFSET, DIVERGING_EPOCH, CURRENT_LEADER, SNAPSHOT_ID,
                    ABORTED_TRANSACTIONS, PREFERRED_READ_REPLICA, RECORDS);

            private Partitions() {
            }

            /** The struct in {@link FetchResponse.Responses.Partitions#DIVERGING_EPOCH}. */
            public static final class DivergingEpoch {
                public static final Field<Integer> EPOCH = field("Epoch", INT32, "12+").withDefault(-1);
                public static final Field<Long> END_OFFSET = field("EndOffset", INT64, "12+").withDefault(-1L);
                public static final Schema SCHEMA = structType("DivergingEpoch", EPOCH, END_OFFSET);

                private DivergingEpoch() {
                }
            }

            /** The struct in {@link FetchResponse.Responses.Partitions#CURRENT_LEADER}. */
            public static final class CurrentLeader {
                public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "12+").withDefault(-1);
                public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "12+").withDefault(-1);
                public static final Schema SCHEMA = structType("CurrentLeader", LEADER_ID, LEADER_EPOCH);

                private CurrentLeader() {
                }
            }

            /** The struct in {@link FetchResponse.Responses.Partitions#SNAPSHOT_ID}. */
            public static final class SnapshotId {
                public static final Field<Long> END_OFFSET = field("EndOffset", INT64, "0+").withDefault(-1L);
                public static final Field<Integer> EPOCH = field("Epoch", INT32, "0+").withDefault(-1);
                public static final Schema SCHEMA = structType("SnapshotId", END_OFFSET, EPOCH);

                private SnapshotId() {
                }
            }

            /** An element of {@link FetchResponse.Responses.Partitions#ABORTED_TRANSACTIONS}. */
            public static final class AbortedTransactions {
                public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "4+");
                public static final Field<Long> FIRST_OFFSET = field("FirstOffset", INT64, "4+");
                public static final Schema SCHEMA = structType("AbortedTransactions", PRODUCER_ID, FIRST_OFFSET);

                private AbortedTransactions() {
                }
            }
        }
    }

    /** An element of {@link FetchResponse#NODE_ENDPOINTS}. */
    public static final class NodeEndpoints {
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "16+");
        public static final Field<String> HOST = field("Host", STRING, "16+");
        public static final Field<Integer> PORT = field("Port", INT32, "16+");
        public static final Field<String> RACK = field("Rack", STRING, "16+").nullable("16+").withDefault(null);
        public static final Schema SCHEMA = structType("NodeEndpoints", NODE_ID, HOST, PORT, RACK);

        private NodeEndpoints() {
        }
    }
}
