package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** DeleteRecordsResponse (api key 21, versions 0-2, flexible 2+). */
public final class DeleteRecordsResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = response(21, "DeleteRecordsResponse", "0-2", "2+",
            THROTTLE_TIME_MS, TOPICS);

    private DeleteRecordsResponse() {
    }

    /** An element of {@link DeleteRecordsResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "0+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link DeleteRecordsResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Long> LOW_WATERMARK = field("LowWatermark", INT64, "0+");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, LOW_WATERMARK, ERROR_CODE);

            private Partitions() {
            }
        }
    }
}
