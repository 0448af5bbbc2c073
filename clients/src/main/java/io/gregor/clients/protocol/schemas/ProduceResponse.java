package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ProduceResponse (api key 0, versions 0-11, flexible 9+). */
public final class ProduceResponse {
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA);
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<List<Struct>> NODE_ENDPOINTS =
            array("NodeEndpoints", "10+", NodeEndpoints.SCHEMA).tagged(0, "10+");

    public static final MessageSpec SPEC = response(0, "ProduceResponse", "0-11", "9+",
            RESPONSES, THROTTLE_TIME_MS, NODE_ENDPOINTS);

    private ProduceResponse() {
    }

    /** An element of {@link ProduceResponse#RESPONSES}. */
    public static final class Responses {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<List<Struct>> PARTITION_RESPONSES =
                array("PartitionResponses", "0+", PartitionResponses.SCHEMA);
        public static final Schema SCHEMA = structType("Responses", NAME, PARTITION_RESPONSES);

        private Responses() {
        }

        /** An element of {@link ProduceResponse.Responses#PARTITION_RESPONSES}. */
        public static final class PartitionResponses {
            public static final Field<Integer> INDEX = field("Index", INT32, "0+");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
            public static final Field<Long> BASE_OFFSET = field("BaseOffset", INT64, "0+");
            public static final Field<Long> LOG_APPEND_TIME_MS =
                    field("LogAppendTimeMs", INT64, "2+").withDefault(-1L);
            public static final Field<Long> LOG_START_OFFSET = field("LogStartOffset", INT64, "5+").withDefault(-1L);
            public static final Field<List<Struct>> RECORD_ERRORS = array("RecordErrors", "8+", RecordErrors.SCHEMA);
            public static final Field<String> ERROR_MESSAGE =
                    field("ErrorMessage", STRING, "8+").nullable("8+").withDefault(null);
            public static final Field<Struct> CURRENT_LEADER =
                    struct("CurrentLeader", "10+", CurrentLeader.SCHEMA).tagged(0, "10+");
            public static final Schema SCHEMA = structType("PartitionResponses", INDEX, ERROR_CODE, BASE_OFFSET,
                    LOG_APPEND_TIME_MS, LOG_START_OFFSET, RECORD_ERRORS, ERROR_MESSAGE, CURRENT_LEADER);

            private PartitionResponses() {
            }

            /** An element of {@link ProduceResponse.Responses.PartitionResponses#RECORD_ERRORS}. */
            public static final class RecordErrors {
                public static final Field<Integer> BATCH_INDEX = field("BatchIndex", INT32, "8+");
                public static final Field<String> BATCH_INDEX_ERROR_MESSAGE =
                        field("BatchIndexErrorMessage", STRING, "8+").nullable("8+").withDefault(null);
                public static final Schema SCHEMA = structType("RecordErrors", BATCH_INDEX, BATCH_INDEX_ERROR_MESSAGE);

                private RecordErrors() {
                }
            }

            /** The struct in {@link ProduceResponse.Responses.PartitionResponses#CURRENT_LEADER}. */
            public static final class CurrentLeader {
                public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "10+").withDefault(-1);
                public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "10+").withDefault(-1);
                public static final Schema SCHEMA = structType("CurrentLeader", LEADER_ID, LEADER_EPOCH);

                private CurrentLeader() {
                }
            }
        }
    }

    /** An element of {@link ProduceResponse#NODE_ENDPOINTS}. */
    public static final class NodeEndpoints {
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "10+");
        public static final Field<String> HOST = field("Host", STRING, "10+");
        public static final Field<Integer> PORT = field("Port", INT32, "10+");
        public static final Field<String> RACK = field("Rack", STRING, "10+").nullable("10+").withDefault(null);
        public static final Schema SCHEMA = structType("NodeEndpoints", NODE_ID, HOST, PORT, RACK);

        private NodeEndpoints() {
        }
    }
}
