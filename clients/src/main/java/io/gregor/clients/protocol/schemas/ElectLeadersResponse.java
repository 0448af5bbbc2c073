package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The outcome of a leader election per partition. v1 adds a top-level error code; v2 is flexible. */
public final class ElectLeadersResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long the client should wait before the next request because of a quota, in milliseconds (0 when not throttled).");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "1+")
            .about("The error of the whole request (e.g. NOT_CONTROLLER, CLUSTER_AUTHORIZATION_FAILED), or 0; since v1.");
    public static final Field<List<Struct>> REPLICA_ELECTION_RESULTS = array("ReplicaElectionResults", "0+", ReplicaElectionResults.SCHEMA)
            .about("Per topic, the election outcome of each partition.");

    public static final MessageSpec SPEC = response(43, "ElectLeadersResponse", "0-2", "2+",
            THROTTLE_TIME_MS, ERROR_CODE, REPLICA_ELECTION_RESULTS);

    private ElectLeadersResponse() {
    }

    /** One element of ReplicaElectionResults. */
    public static final class ReplicaElectionResults {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                .about("The topic name.");
        public static final Field<List<Struct>> PARTITION_RESULT = array("PartitionResult", "0+", PartitionResult.SCHEMA)
                .about("The election outcome for each partition of this topic.");
        public static final Schema SCHEMA = structType("ReplicaElectionResults", TOPIC, PARTITION_RESULT);

        /** One element of PartitionResult. */
        public static final class PartitionResult {
            public static final Field<Integer> PARTITION_ID = field("PartitionId", INT32, "0+")
                    .about("The partition index.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("The error for this partition (e.g. ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE), or 0.");
            public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                    .about("A readable explanation of the error, or null.");
            public static final Schema SCHEMA = structType("PartitionResult", PARTITION_ID, ERROR_CODE, ERROR_MESSAGE);

            private PartitionResult() {
            }
        }

        private ReplicaElectionResults() {
        }
    }
}
