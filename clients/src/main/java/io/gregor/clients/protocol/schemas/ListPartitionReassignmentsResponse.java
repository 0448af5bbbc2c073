package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The reassignments in progress: per partition its current replica set and the replicas being added and removed; v0 only (flexible). */
public final class ListPartitionReassignmentsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long the client should wait before the next request because of a quota, in milliseconds (0 when not throttled).");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("The error of the whole request (e.g. NOT_CONTROLLER), or 0.");
    public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+")
            .about("A readable explanation of the error, or null.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics with partitions being reassigned.");

    public static final MessageSpec SPEC = response(46, "ListPartitionReassignmentsResponse", "0", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, ERROR_MESSAGE, TOPICS);

    private ListPartitionReassignmentsResponse() {
    }

    /** One element of Topics. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of this topic being reassigned.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        /** One element of Partitions. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition index.");
            public static final Field<List<Integer>> REPLICAS = field("Replicas", arrayOf(INT32), "0+")
                    .about("The replica set during the move: the original replicas plus the ones being added.");
            public static final Field<List<Integer>> ADDING_REPLICAS = field("AddingReplicas", arrayOf(INT32), "0+")
                    .about("The target replicas not yet part of the original replica set.");
            public static final Field<List<Integer>> REMOVING_REPLICAS = field("RemovingReplicas", arrayOf(INT32), "0+")
                    .about("The original replicas that leave once the move completes.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, REPLICAS, ADDING_REPLICAS,
                    REMOVING_REPLICAS);

            private Partitions() {
            }
        }

        private Topics() {
        }
    }
}
