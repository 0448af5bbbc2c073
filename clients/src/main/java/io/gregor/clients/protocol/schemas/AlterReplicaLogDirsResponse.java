package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Whether each replica's move was accepted. v1 answers before throttling; v2 flexible. */
public final class AlterReplicaLogDirsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> RESULTS = array("Results", "0+", Results.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(34, "AlterReplicaLogDirsResponse", "0-2", "2+",
            THROTTLE_TIME_MS, RESULTS);

    private AlterReplicaLogDirsResponse() {
    }

    /** An element of {@link AlterReplicaLogDirsResponse#RESULTS}. */
    public static final class Results {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per partition.");
        public static final Schema SCHEMA = structType("AlterReplicaLogDirTopicResult", TOPIC_NAME, PARTITIONS);

        private Results() {
        }

        /** An element of {@link Results#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0 when the move started (or the replica is already there), else why not: LOG_DIR_NOT_FOUND,"
                            + " KAFKA_STORAGE_ERROR, REPLICA_NOT_AVAILABLE (not on this broker yet).");
            public static final Schema SCHEMA = structType("AlterReplicaLogDirPartitionResult", PARTITION_INDEX, ERROR_CODE);

            private Partitions() {
            }
        }
    }
}
