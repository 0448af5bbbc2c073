package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to DeleteRecords: each partition's new low watermark. v1 answers before throttling; v2
 * flexible.
 */
public final class DeleteRecordsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(21, "DeleteRecordsResponse", "0-2", "2+",
            THROTTLE_TIME_MS, TOPICS);

    private DeleteRecordsResponse() {
    }

    /** An element of {@link DeleteRecordsResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per partition.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link DeleteRecordsResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Long> LOW_WATERMARK = field("LowWatermark", INT64, "0+")
                    .about("The partition's new log start offset.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why the records were not deleted.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, LOW_WATERMARK, ERROR_CODE);

            private Partitions() {
            }
        }
    }
}
