package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The controller's answer to AlterPartitionReassignments: a top-level error and one per partition; v0 only (flexible). */
public final class AlterPartitionReassignmentsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long the client should wait before the next request because of a quota, in milliseconds (0 when not throttled).");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("The error of the whole request (e.g. NOT_CONTROLLER), or 0.");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
            .about("A readable explanation of the error, or null.");
    public static final Field<List<Struct>> RESPONSES = array("Responses", "0+", Responses.SCHEMA)
            .about("Per topic, the outcome for each partition named in the request.");

    public static final MessageSpec SPEC = response(45, "AlterPartitionReassignmentsResponse", "0", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, RESPONSES);

    private AlterPartitionReassignmentsResponse() {
    }

    /** One element of Responses. */
    public static final class Responses {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The outcome for each partition of this topic.");
        public static final Schema SCHEMA = structType("Responses", NAME, PARTITIONS);

        /** One element of Partitions. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition index.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("The error for this partition (e.g. INVALID_REPLICA_ASSIGNMENT, NO_REASSIGNMENT_IN_PROGRESS), or 0.");
            public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
                    .about("A readable explanation of the error, or null.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE, ERROR_MESSAGE);

            private Partitions() {
            }
        }

        private Responses() {
        }
    }
}
