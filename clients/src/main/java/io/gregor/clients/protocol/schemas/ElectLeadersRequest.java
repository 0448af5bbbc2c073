package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Asks the controller to elect leaders for the named partitions, or for all when null. v1 adds the election type (v0 is always preferred); v2 is flexible. */
public final class ElectLeadersRequest {
    public static final Field<Byte> ELECTION_TYPE = field("ElectionType", INT8, "1+")
            .about("0 for a preferred-leader election, 1 for an unclean election; since v1 (v0 means preferred).");
    public static final Field<List<Struct>> TOPIC_PARTITIONS = array("TopicPartitions", "0+", TopicPartitions.SCHEMA).nullable("0+")
            .about("The partitions to elect leaders for, or null for every partition.");
    public static final Field<Integer> TIMEOUT_MS = field("TimeoutMs", INT32, "0+").withDefault(60000)
            .about("How long the client waits for the elections, in milliseconds.");

    public static final MessageSpec SPEC = request(43, "ElectLeadersRequest", "0-2", "2+",
            ELECTION_TYPE, TOPIC_PARTITIONS, TIMEOUT_MS);

    private ElectLeadersRequest() {
    }

    /** One element of TopicPartitions. */
    public static final class TopicPartitions {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                .about("The topic name.");
        public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "0+")
                .about("The partitions of this topic.");
        public static final Schema SCHEMA = structType("TopicPartitions", TOPIC, PARTITIONS);

        private TopicPartitions() {
        }
    }
}
