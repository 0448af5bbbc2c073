package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** The answer to DescribeProducers: for each partition, its active producers. v0 is flexible. */
public final class DescribeProducersResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the request was throttled for a quota violation; 0 when it was not.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The results, by topic.");

    public static final MessageSpec SPEC = response(61, "DescribeProducersResponse", "0", "0+",
            THROTTLE_TIME_MS, TOPICS);

    private DescribeProducersResponse() {
    }

    /** The results for one topic. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per partition asked about.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        /** The producers of one partition. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition's index.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0 on success, else the error (e.g. NOT_LEADER_OR_FOLLOWER).");
            public static final Field<String> ERROR_MESSAGE = field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null)
                    .about("A text explaining the error, or null.");
            public static final Field<List<Struct>> ACTIVE_PRODUCERS = array("ActiveProducers", "0+", ActiveProducers.SCHEMA)
                    .about("The producers this partition's leader keeps state for.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE, ERROR_MESSAGE,
                    ACTIVE_PRODUCERS);

            /** One producer's state on the partition. */
            public static final class ActiveProducers {
                public static final Field<Long> PRODUCER_ID = field("ProducerId", INT64, "0+")
                        .about("The producer id.");
                public static final Field<Integer> PRODUCER_EPOCH = field("ProducerEpoch", INT32, "0+")
                        .about("Its latest epoch (an int32 here, unlike elsewhere).");
                public static final Field<Integer> LAST_SEQUENCE = field("LastSequence", INT32, "0+").withDefault(-1)
                        .about("The sequence number of its last appended record, or -1.");
                public static final Field<Long> LAST_TIMESTAMP = field("LastTimestamp", INT64, "0+").withDefault(-1L)
                        .about("The timestamp of its last appended batch, or -1.");
                public static final Field<Integer> COORDINATOR_EPOCH = field("CoordinatorEpoch", INT32, "0+")
                        .about("The coordinator epoch of its last transaction marker, or -1.");
                public static final Field<Long> CURRENT_TXN_START_OFFSET = field("CurrentTxnStartOffset", INT64, "0+").withDefault(-1L)
                        .about("The first offset of its ongoing transaction on this partition, or -1 when none is open.");
                public static final Schema SCHEMA = structType("ActiveProducers", PRODUCER_ID, PRODUCER_EPOCH,
                        LAST_SEQUENCE, LAST_TIMESTAMP, COORDINATOR_EPOCH, CURRENT_TXN_START_OFFSET);

                private ActiveProducers() {
                }
            }

            private Partitions() {
            }
        }

        private Topics() {
        }
    }
}

