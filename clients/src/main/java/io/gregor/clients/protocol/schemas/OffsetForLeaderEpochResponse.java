package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** OffsetForLeaderEpochResponse (api key 23, versions 0-4, flexible 4+). */
public final class OffsetForLeaderEpochResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = response(23, "OffsetForLeaderEpochResponse", "0-4", "4+",
            THROTTLE_TIME_MS, TOPICS);

    private OffsetForLeaderEpochResponse() {
    }

    /** An element of {@link OffsetForLeaderEpochResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", TOPIC, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetForLeaderEpochResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
            public static final Field<Integer> PARTITION = field("Partition", INT32, "0+");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "1+").withDefault(-1);
            public static final Field<Long> END_OFFSET = field("EndOffset", INT64, "0+").withDefault(-1L);
            public static final Schema SCHEMA = structType("Partitions", ERROR_CODE, PARTITION, LEADER_EPOCH,
                    END_OFFSET);

            private Partitions() {
            }
        }
    }
}
