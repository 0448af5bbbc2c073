package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to TxnOffsetCommit: one error per partition. v1: responses are sent before a quota throttle; v2
 * same as v1; v3: flexible, with illegal generation, fenced instance and unknown member errors; v4:
 * TRANSACTION_ABORTABLE.
 */
public final class TxnOffsetCommitResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the request was throttled for a quota violation; 0 when it was not.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("The results, by topic.");

    public static final MessageSpec SPEC = response(28, "TxnOffsetCommitResponse", "0-4", "3+",
            THROTTLE_TIME_MS, TOPICS);

    private TxnOffsetCommitResponse() {
    }

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
                    .about("0 when the offset was recorded as pending in the transaction, else the error.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE);

            private Partitions() {
            }
        }

        private Topics() {
        }
    }
}

