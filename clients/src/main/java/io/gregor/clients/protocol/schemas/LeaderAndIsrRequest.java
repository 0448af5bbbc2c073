package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** LeaderAndIsrRequest (api key 4, versions 0-7, flexible 4+). */
public final class LeaderAndIsrRequest {
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+");
    public static final Field<Boolean> IS_KRAFT_CONTROLLER = field("isKRaftController", BOOL, "7+");
    public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "2+").withDefault(-1L);
    public static final Field<Byte> TYPE = field("Type", INT8, "5+");
    public static final Field<List<Struct>> UNGROUPED_PARTITION_STATES =
            array("UngroupedPartitionStates", "0-1", LeaderAndIsrPartitionState.SCHEMA);
    public static final Field<List<Struct>> TOPIC_STATES = array("TopicStates", "2+", TopicStates.SCHEMA);
    public static final Field<List<Struct>> LIVE_LEADERS = array("LiveLeaders", "0+", LiveLeaders.SCHEMA);

    public static final MessageSpec SPEC = request(4, "LeaderAndIsrRequest", "0-7", "4+",
            CONTROLLER_ID, IS_KRAFT_CONTROLLER, CONTROLLER_EPOCH, BROKER_EPOCH, TYPE, UNGROUPED_PARTITION_STATES,
            TOPIC_STATES, LIVE_LEADERS);

    private LeaderAndIsrRequest() {
    }

    /** An element of {@link LeaderAndIsrRequest#UNGROUPED_PARTITION_STATES} and {@link LeaderAndIsrRequest.TopicStates#PARTITION_STATES}. */
    public static final class LeaderAndIsrPartitionState {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-1");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
        public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+");
        public static final Field<Integer> LEADER = field("Leader", INT32, "0+");
        public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+");
        public static final Field<List<Integer>> ISR = field("Isr", arrayOf(INT32), "0+");
        public static final Field<Integer> PARTITION_EPOCH = field("PartitionEpoch", INT32, "0+");
        public static final Field<List<Integer>> REPLICAS = field("Replicas", arrayOf(INT32), "0+");
        public static final Field<List<Integer>> ADDING_REPLICAS = field("AddingReplicas", arrayOf(INT32), "3+");
        public static final Field<List<Integer>> REMOVING_REPLICAS = field("RemovingReplicas", arrayOf(INT32), "3+");
        public static final Field<Boolean> IS_NEW = field("IsNew", BOOL, "1+");
        public static final Field<Byte> LEADER_RECOVERY_STATE = field("LeaderRecoveryState", INT8, "6+");
        public static final Schema SCHEMA = structType("LeaderAndIsrPartitionState", TOPIC_NAME, PARTITION_INDEX,
                CONTROLLER_EPOCH, LEADER, LEADER_EPOCH, ISR, PARTITION_EPOCH, REPLICAS, ADDING_REPLICAS,
                REMOVING_REPLICAS, IS_NEW, LEADER_RECOVERY_STATE);

        private LeaderAndIsrPartitionState() {
        }
    }

    /** An element of {@link LeaderAndIsrRequest#TOPIC_STATES}. */
    public static final class TopicStates {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "2+");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "5+");
        public static final Field<List<Struct>> PARTITION_STATES =
                array("PartitionStates", "2+", LeaderAndIsrPartitionState.SCHEMA);
        public static final Schema SCHEMA = structType("TopicStates", TOPIC_NAME, TOPIC_ID, PARTITION_STATES);

        private TopicStates() {
        }
    }

    /** An element of {@link LeaderAndIsrRequest#LIVE_LEADERS}. */
    public static final class LiveLeaders {
        public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+");
        public static final Field<String> HOST_NAME = field("HostName", STRING, "0+");
        public static final Field<Integer> PORT = field("Port", INT32, "0+");
        public static final Schema SCHEMA = structType("LiveLeaders", BROKER_ID, HOST_NAME, PORT);

        private LiveLeaders() {
        }
    }
}
