package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The controller's answer to AlterPartition: per partition, the state now in effect or why the
 * proposal was refused. v1 adds the leader recovery state; v2 names topics by id and adds
 * INELIGIBLE_REPLICA, NEW_LEADER_ELECTED and UNKNOWN_TOPIC_ID; v3 as v2.
 */
public final class AlterPartitionResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "0+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not.");
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or an error refusing the whole request (NOT_CONTROLLER, STALE_BROKER_EPOCH...).");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One result per topic of the request.");

    public static final MessageSpec SPEC = response(56, "AlterPartitionResponse", "0-3", "0+",
            THROTTLE_TIME_MS, ERROR_CODE, TOPICS);

    private AlterPartitionResponse() {
    }

    /** An element of {@link AlterPartitionResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-1")
                .about("The topic's name; replaced by its id in v2.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "2+")
                .about("The topic's id; since v2.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One result per partition.");
        public static final Schema SCHEMA = structType("Topics", TOPIC_NAME, TOPIC_ID, PARTITIONS);

        private Topics() {
        }

        /** An element of {@link AlterPartitionResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or why the proposal was refused (FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION, "
                            + "INELIGIBLE_REPLICA...).");
            public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "0+")
                    .about("The partition's leader after the change.");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+")
                    .about("The leader epoch after the change.");
            public static final Field<List<Integer>> ISR = field("Isr", arrayOf(INT32), "0+")
                    .about("The ISR now in effect.");
            public static final Field<Byte> LEADER_RECOVERY_STATE = field("LeaderRecoveryState", INT8, "1+")
                    .about("The leader recovery state now in effect; since v1.");
            public static final Field<Integer> PARTITION_EPOCH = field("PartitionEpoch", INT32, "0+")
                    .about("The partition epoch now in effect, for the leader's next proposal.");
            public static final Schema SCHEMA = structType("Partitions", PARTITION_INDEX, ERROR_CODE, LEADER_ID,
                    LEADER_EPOCH, ISR, LEADER_RECOVERY_STATE, PARTITION_EPOCH);

            private Partitions() {
            }
        }
    }
}
