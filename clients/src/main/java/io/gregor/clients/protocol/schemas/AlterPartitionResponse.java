package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** AlterPartitionResponse (api key 56, versions 0-3, flexible 0+). */
public final class AlterPartitionResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);

    public static final MessageSpec SPEC = response(56, "AlterPartitionResponse", "0-3", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, TOPICS);

    private AlterPartitionResponse() {
    }

    /** An element of {@link AlterPartitionResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-1");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "2+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Schema SCHEMA = structType("Topics", TOPIC_NAME, TOPIC_ID, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link AlterPartitionResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
            public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "0+");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+");
            public static final Field<List<Integer>> ISR = field("Isr", arrayOf(INT32), "0+");
            public static final Field<Byte> LEADER_RECOVERY_STATE = field("LeaderRecoveryState", INT8, "1+");
            public static final Field<Integer> PARTITION_EPOCH = field("PartitionEpoch", INT32, "0+");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE, LEADER_ID,
                    LEADER_EPOCH, ISR, LEADER_RECOVERY_STATE, PARTITION_EPOCH);

            private Partitions() {
            }
        }
    }
}
