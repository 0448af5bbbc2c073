package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Lists the reassignments in progress, for the named partitions or all; v0 only (flexible), sent to the controller. */
public final class ListPartitionReassignmentsRequest {
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+").withDefault(60000)
            .about("How long the client waits for the answer, in milliseconds.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA).nullable("0+").withDefault(null)
            .about("The partitions to list, or null to list every reassignment in progress.");

    public static final MessageSpec SPEC = request(46, "ListPartitionReassignmentsRequest", "0", "0+",
            TIMEOUT_MS, TOPICS);

    private ListPartitionReassignmentsRequest() {
    }

    /** One element of Topics. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic name.");
        public static final Field<List<Integer>> PARTITION_INDEXES = field("PartitionIndexes", arrayOf(INT32), "0+")
                .about("The partitions of this topic to list.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

        private Topics() {
        }
    }
}
