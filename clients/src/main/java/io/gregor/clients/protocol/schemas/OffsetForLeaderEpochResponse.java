package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to OffsetForLeaderEpoch: per partition, the end offset of the epoch asked about. v1 adds
 * the leader epoch found; v2 the throttle time; v3 as v2; v4 flexible.
 */
public final class OffsetForLeaderEpochResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "2+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v2.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One answer per topic.");

    public static final MessageSpec SPEC = response(23, "OffsetForLeaderEpochResponse", "0-4", "4+",
            THROTTLE_TIME_MS, TOPICS);

    private OffsetForLeaderEpochResponse() {
    }

    /** An element of {@link OffsetForLeaderEpochResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC = field("Topic", STRING, "0+")
                .about("The topic's name.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One answer per partition.");
        public static final Schema SCHEMA = structType("Topics", TOPIC, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link OffsetForLeaderEpochResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why there is no answer (FENCED_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER...).");
            public static final Field<Integer> PARTITION = field("Partition", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "1+").withDefault(-1)
                    .about("The largest epoch on the leader not above the one asked for, -1 when none; since v1.");
            public static final Field<Long> END_OFFSET = field("EndOffset", INT64, "0+").withDefault(-1L)
                    .about("Where that epoch ends on the leader (the follower truncates there), -1 when unknown.");
            public static final Schema SCHEMA = structType("Partitions", ERROR_CODE, PARTITION, LEADER_EPOCH,
                    END_OFFSET);

            private Partitions() {
            }
        }
    }
}
