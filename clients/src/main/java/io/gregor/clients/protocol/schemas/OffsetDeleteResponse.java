package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to OffsetDelete: a group-level error (e.g. NON_EMPTY_GROUP) and one error per partition; only v0 exists.
 */
public final class OffsetDeleteResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or why the group's offsets could not be deleted at all (the partitions then carry no result).");
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(47, "OffsetDeleteResponse", "0", "none",
            ERROR_CODE, THROTTLE_TIME_MS, TOPICS);

    private OffsetDeleteResponse() {
    }

    /** The results for one topic. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per partition.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        /** The result for one partition. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why this partition's offset was kept (e.g. GROUP_SUBSCRIBED_TO_TOPIC).");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE);

            private Partitions() {
            }
        }

        private Topics() {
        }
    }
}

