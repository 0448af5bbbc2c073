package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Asks partition leaders for the producers with state on their partitions (api key 61); used by kafka-
 * transactions.sh describe-producers and to find hanging transactions. v0 is flexible.
 */
public final class DescribeProducersRequest {
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The topics and partitions to describe.");

    public static final MessageSpec SPEC = request(61, "DescribeProducersRequest", "0", "0+",
            TOPICS);

    private DescribeProducersRequest() {
    }

    /** One topic and the partitions of it to describe. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Integer>> PARTITION_INDEXES = field("PartitionIndexes", arrayOf(INT32), "0+")
                .about("The indexes of the partitions to describe.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

        private Topics() {
        }
    }
}

