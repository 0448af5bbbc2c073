package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** A partition leader's answer to WriteTxnMarkers: per transaction, per partition errors. v1: flexible. */
public final class WriteTxnMarkersResponse {
    public static final Field<List<Struct>> MARKERS = array("Markers", "0+", Markers.SCHEMA)
            .about("The results, one entry per transaction of the request.");

    public static final MessageSpec SPEC = response(27, "WriteTxnMarkersResponse", "0-1", "1+",
            MARKERS);

    private WriteTxnMarkersResponse() {
    }

    /** The results for one transaction. */
    public static final class Markers {
        public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
                .about("The producer id of the transaction.");
        public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
                .about("Its results, by topic.");
        public static final Schema SCHEMA = structType("Markers", PRODUCER_ID, TOPICS);

        /** The results for one topic. */
        public static final class Topics {
            public static final Field<String> NAME = field("Name", STRING, "0+")
                    .about("The topic's name.");
            public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                    .about("One result per partition of the topic.");
            public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

            /** The result for one partition. */
            public static final class Partitions {
                public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                        .about("The partition's index.");
                public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                        .about("0 when the marker was written, else the error (e.g. NOT_LEADER_OR_FOLLOWER, which the coordinator retries).");
                public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE);

                private Partitions() {
                }
            }

            private Topics() {
            }
        }

        private Markers() {
        }
    }
}

