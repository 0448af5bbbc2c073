package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** StopReplicaRequest (api key 5, versions 0-4, flexible 2+). */
public final class StopReplicaRequest {
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+");
    public static final Field<Boolean> IS_KRAFT_CONTROLLER = field("isKRaftController", BOOL, "4+");
    public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "1+").withDefault(-1L);
    public static final Field<Boolean> DELETE_PARTITIONS = field("DeletePartitions", BOOL, "0-2");
    public static final Field<List<Struct>> UNGROUPED_PARTITIONS =
            array("UngroupedPartitions", "0", UngroupedPartitions.SCHEMA);
    public static final Field<List<Struct>> TOPICS = array("Topics", "1-2", Topics.SCHEMA);
    public static final Field<List<Struct>> TOPIC_STATES = array("TopicStates", "3+", TopicStates.SCHEMA);

    public static final MessageSpec SPEC = request(5, "StopReplicaRequest", "0-4", "2+",
            CONTROLLER_ID, IS_KRAFT_CONTROLLER, CONTROLLER_EPOCH, BROKER_EPOCH, DELETE_PARTITIONS,
            UNGROUPED_PARTITIONS, TOPICS, TOPIC_STATES);

    private StopReplicaRequest() {
    }

    /** An element of {@link StopReplicaRequest#UNGROUPED_PARTITIONS}. */
    public static final class UngroupedPartitions {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0");
        public static final Schema SCHEMA = structType("UngroupedPartitions", TOPIC_NAME, PARTITION_INDEX);

        private UngroupedPartitions() {
        }
    }

    /** An element of {@link StopReplicaRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "1-2");
        public static final Field<List<Integer>> PARTITION_INDEXES = field("PartitionIndexes", arrayOf(INT32), "1-2");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

        private Topics() {
        }
    }

    /** An element of {@link StopReplicaRequest#TOPIC_STATES}. */
    public static final class TopicStates {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "3+");
        public static final Field<List<Struct>> PARTITION_STATES =
                array("PartitionStates", "3+", PartitionStates.SCHEMA);
        public static final Schema SCHEMA = structType("TopicStates", TOPIC_NAME, PARTITION_STATES);

        private TopicStates() {
        }

        /** An element of {@link StopReplicaRequest.TopicStates#PARTITION_STATES}. */
        public static final class PartitionStates {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "3+");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "3+").withDefault(-1);
            public static final Field<Boolean> DELETE_PARTITION = field("DeletePartition", BOOL, "3+");
            public static final Schema SCHEMA = structType("PartitionStates", PARTITION_INDEX, LEADER_EPOCH,
                    DELETE_PARTITION);

            private PartitionStates() {
            }
        }
    }
}
