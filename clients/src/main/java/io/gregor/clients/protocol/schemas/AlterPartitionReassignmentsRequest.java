package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Asks the controller to start or cancel partition reassignments; v0 only (flexible), sent to the controller. */
public final class AlterPartitionReassignmentsRequest {
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+").withDefault(60000)
            .about("How long the client waits for the controller to accept the request, in milliseconds.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics whose partitions get a new replica set (or have their move cancelled).");

    public static final MessageSpec SPEC = request(45, "AlterPartitionReassignmentsRequest", "0", "0+",
            TIMEOUT_MS, TOPICS);

    private AlterPartitionReassignmentsRequest() {
    }

    /** One element of Topics. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("The partitions of this topic to move or cancel.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        /** One element of Partitions. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition index.");
            public static final Field<List<Integer>> REPLICAS = field("Replicas", arrayOf(INT32), "0+").nullable("0+").withDefault(null)
                    .about("The target replicas, the first being the preferred leader; null cancels the reassignment in progress.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, REPLICAS);

            private Partitions() {
            }
        }

        private Topics() {
        }
    }
}
