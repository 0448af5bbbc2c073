package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Asks one broker which log directories it has and which partition replicas each holds. v1 as v0;
 * v2 flexible; v3 and v4 as v2 (their additions are in the response).
 */
public final class DescribeLogDirsRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA).nullable("0+")
            .about("The partitions to report, or null for every partition the broker holds.");

    public static final MessageSpec SPEC = request(35, "DescribeLogDirsRequest", "0-4", "2+", TOPICS);

    private DescribeLogDirsRequest() {
    }

    /** An element of {@link DescribeLogDirsRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Integer>> PARTITIONS = field("Partitions", arrayOf(INT32), "0+")
                .about("The partitions of that topic to report.");
        public static final Schema SCHEMA = structType("DescribableLogDirTopic", TOPIC, PARTITIONS);

        private Topics() {
        }
    }
}
