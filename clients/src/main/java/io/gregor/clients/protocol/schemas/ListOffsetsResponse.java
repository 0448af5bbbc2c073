package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ListOffsetsResponse (api key 2, versions 0-9, flexible 6+). */
public final class ListOffsetsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = response(2, "ListOffsetsResponse", "0-9", "6+",
            THROTTLE_TIME_MS, TOPICS);

    private ListOffsetsResponse() {
    }

    /** An element of {@link ListOffsetsResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link ListOffsetsResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
            public static final Field<List<Long>> OLD_STYLE_OFFSETS = field("OldStyleOffsets", arrayOf(INT64), "0");
            public static final Field<Long> TIMESTAMP = field("Timestamp", INT64, "1+").withDefault(-1L);
            public static final Field<Long> OFFSET = field("Offset", INT64, "1+").withDefault(-1L);
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "4+").withDefault(-1);
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE,
                    OLD_STYLE_OFFSETS, TIMESTAMP, OFFSET, LEADER_EPOCH);

            private Partitions() {
            }
        }
    }
}
