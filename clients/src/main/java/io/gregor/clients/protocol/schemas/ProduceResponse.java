package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to Produce (none at all with acks=0): per partition, the base offset given or the error.
 * v1 adds the throttle time; v2 the log append time; v3 as v2; v4 KAFKA_STORAGE_ERROR; v5 the log
 * start offset; v8 record errors and an error message (KIP-467); v9 flexible; v10 the current leader
 * and its endpoint (KIP-951); v11 TRANSACTION_ABORTABLE.
 */
public final class ProduceResponse {
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA)
            .about("One result per topic of the request.");
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v1.");
    public static final Field<List<Struct>> NODE_ENDPOINTS =
            array("NodeEndpoints", "10+", NodeEndpoints.SCHEMA).tagged(0, "10+")
            .about("Endpoints of the leaders named in CurrentLeader (KIP-951); since v10.");

    public static final MessageSpec SPEC = response(0, "ProduceResponse", "0-11", "9+",
            RESPONSES, THROTTLE_TIME_MS, NODE_ENDPOINTS);

    private ProduceResponse() {
    }

    /** An element of {@link ProduceResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITION_RESPONSES =
                array("PartitionResponses", "0+", PartitionResponses.SCHEMA)
                .about("One result per partition.");
        public static final Schema SCHEMA = structType("Responses", NAME, PARTITION_RESPONSES);

        private Responses() {
        }

        /** An element of {@link ProduceResponse.Responses#PARTITION_RESPONSES}. */
        public static final class PartitionResponses {
            public static final Field<Integer> INDEX = field("Index", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why the records were not appended (NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, "
                            + "OUT_OF_ORDER_SEQUENCE_NUMBER...).");
            public static final Field<Long> BASE_OFFSET = field("BaseOffset", INT64, "0+")
                    .about("The offset given to the first record, -1 on error.");
            public static final Field<Long> LOG_APPEND_TIME_MS =
                    field("LogAppendTimeMs", INT64, "2+").withDefault(-1L)
                    .about("The broker's append time when the topic uses LogAppendTime, else -1; since v2.");
            public static final Field<Long> LOG_START_OFFSET = field("LogStartOffset", INT64, "5+").withDefault(-1L)
                    .about("The partition's log start offset, -1 when unknown; since v5.");
            public static final Field<List<Struct>> RECORD_ERRORS = array("RecordErrors", "8+", RecordErrors.SCHEMA)
                    .about("The batches (by index) whose records made the whole request fail (KIP-467); since v8.");
            public static final Field<String> ERROR_MESSAGE =
                    field("ErrorMessage", STRING, "8+").nullable("8+").withDefault(null)
                    .about("Detail of the error, or null; since v8.");
            public static final Field<Struct> CURRENT_LEADER =
                    struct("CurrentLeader", "10+", CurrentLeader.SCHEMA).tagged(0, "10+")
                    .about("The current leader when the produce went to the wrong broker (KIP-951); since v10.");
            public static final Schema SCHEMA = structType("PartitionResponses", INDEX, ERROR_CODE, BASE_OFFSET,
                    LOG_APPEND_TIME_MS, LOG_START_OFFSET, RECORD_ERRORS, ERROR_MESSAGE, CURRENT_LEADER);

            private PartitionResponses() {
            }

            /** An element of {@link ProduceResponse.Responses.PartitionResponses#RECORD_ERRORS}. */
            public static final class RecordErrors {
                public static final Field<Integer> BATCH_INDEX = field("BatchIndex", INT32, "8+")
                        .about("The index of the offending record within its batch. Since v8.");
                public static final Field<String> BATCH_INDEX_ERROR_MESSAGE =
                        field("BatchIndexErrorMessage", STRING, "8+").nullable("8+").withDefault(null)
                        .about("Why that record was refused, or null. Since v8.");
                public static final Schema SCHEMA = structType("RecordErrors", BATCH_INDEX, BATCH_INDEX_ERROR_MESSAGE);

                private RecordErrors() {
                }
            }

            /** The struct in {@link ProduceResponse.Responses.PartitionResponses#CURRENT_LEADER}. */
            public static final class CurrentLeader {
                public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "10+").withDefault(-1)
                        .about("The leader's broker id, -1 when unknown. Since v10.");
                public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "10+").withDefault(-1)
                        .about("The leader's epoch, -1 when unknown. Since v10.");
                public static final Schema SCHEMA = structType("CurrentLeader", LEADER_ID, LEADER_EPOCH);

                private CurrentLeader() {
                }
            }
        }
    }

    /** An element of {@link ProduceResponse#NODE_ENDPOINTS}. */
    public static final class NodeEndpoints {
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "10+")
                .about("The broker's id. Since v10.");
        public static final Field<String> HOST = field("Host", STRING, "10+")
                .about("The broker's host name. Since v10.");
        public static final Field<Integer> PORT = field("Port", INT32, "10+")
                .about("The broker's port. Since v10.");
        public static final Field<String> RACK = field("Rack", STRING, "10+").nullable("10+").withDefault(null)
                .about("The broker's rack (broker.rack), or null. Since v10.");
        public static final Schema SCHEMA = structType("NodeEndpoints", NODE_ID, HOST, PORT, RACK);

        private NodeEndpoints() {
        }
    }
}
