package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to ListOffsets. v1 replaces the offset list by one offset with its timestamp; v2 adds the
 * throttle time; v3 answers before throttling; v4 the leader epoch; v5 OFFSET_NOT_AVAILABLE; v6
 * flexible; v7-9 as v6 for their new lookups.
 */
public final class ListOffsetsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v2.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(2, "ListOffsetsResponse", "0-9", "6+",
            THROTTLE_TIME_MS, TOPICS);

    private ListOffsetsResponse() {
    }

    /** An element of {@link ListOffsetsResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per partition.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link ListOffsetsResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why no offset is given.");
            public static final Field<List<Long>> OLD_STYLE_OFFSETS = field("OldStyleOffsets", arrayOf(INT64), "0")
                    .about("The offsets found, newest first; v0 only.");
            public static final Field<Long> TIMESTAMP = field("Timestamp", INT64, "1+").withDefault(-1L)
                    .about("The timestamp of the record at Offset, -1 for the special lookups; since v1.");
            public static final Field<Long> OFFSET = field("Offset", INT64, "1+").withDefault(-1L)
                    .about("The offset found, -1 when none; since v1.");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "4+").withDefault(-1)
                    .about("The leader epoch of the record at Offset, -1 when unknown; since v4.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE,
                    OLD_STYLE_OFFSETS, TIMESTAMP, OFFSET, LEADER_EPOCH);

            private Partitions() {
            }
        }
    }
}
