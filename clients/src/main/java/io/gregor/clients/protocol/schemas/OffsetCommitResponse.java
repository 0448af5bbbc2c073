package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to OffsetCommit: one result per partition. v3 adds the throttle time; v4 answers before
 * throttling; v5-6 as v4; v7 FENCED_INSTANCE_ID; v8 flexible; v9 new-protocol errors.
 */
public final class OffsetCommitResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "3+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v3.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(8, "OffsetCommitResponse", "0-9", "8+",
            THROTTLE_TIME_MS, TOPICS);

    private OffsetCommitResponse() {
    }

    /** An element of {@link OffsetCommitResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per partition.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetCommitResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why the offset was not committed (ILLEGAL_GENERATION, "
                            + "OFFSET_METADATA_TOO_LARGE...).");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE);

            private Partitions() {
            }
        }
    }
}
