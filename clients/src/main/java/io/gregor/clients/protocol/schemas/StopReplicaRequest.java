package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * StopReplica (api key 5): the controller tells a broker to stop replicating partitions, and possibly
 * to delete them. v1 adds the broker epoch and groups partitions by topic; v2 flexible; v3 a leader
 * epoch and delete flag per partition (KIP-570); v4 marks a KRaft controller (KIP-866).
 */
public final class StopReplicaRequest {
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+")
            .about("The id of the broker acting as controller.");
    public static final Field<Boolean> IS_KRAFT_CONTROLLER = field("isKRaftController", BOOL, "4+")
            .about("True when sent by a KRaft controller during migration (KIP-866); always false from Gregor; "
                    + "since v4.");
    public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+")
            .about("The controller's epoch; requests from an older controller are refused.");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "1+").withDefault(-1L)
            .about("The epoch of the broker's registration (its /brokers/ids znode's creation zxid), -1 when not "
                    + "given. Since v1.");
    public static final Field<Boolean> DELETE_PARTITIONS = field("DeletePartitions", BOOL, "0-2")
            .about("True to delete the stopped replicas' logs; v0-2 (then per partition).");
    public static final Field<List<Struct>> UNGROUPED_PARTITIONS =
            array("UngroupedPartitions", "0", UngroupedPartitions.SCHEMA)
            .about("The partitions to stop, not grouped by topic; v0 only.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "1-2", Topics.SCHEMA)
            .about("The partitions to stop, grouped by topic; v1-2.");
    public static final Field<List<Struct>> TOPIC_STATES = array("TopicStates", "3+", TopicStates.SCHEMA)
            .about("The partitions to stop, grouped by topic, each with its leader epoch (KIP-570); since v3.");

    public static final MessageSpec SPEC = request(5, "StopReplicaRequest", "0-4", "2+",
            CONTROLLER_ID, IS_KRAFT_CONTROLLER, CONTROLLER_EPOCH, BROKER_EPOCH, DELETE_PARTITIONS,
            UNGROUPED_PARTITIONS, TOPICS, TOPIC_STATES);

    private StopReplicaRequest() {
    }

    /** An element of {@link StopReplicaRequest#UNGROUPED_PARTITIONS}. */
    public static final class UngroupedPartitions {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0")
                .about("The topic's name. v0 only.");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0")
                .about("The partition number within its topic. v0 only.");
        public static final Schema SCHEMA = structType("UngroupedPartitions", TOPIC_NAME, PARTITION_INDEX);

        private UngroupedPartitions() {
        }
    }

    /** An element of {@link StopReplicaRequest#TOPICS}. */
    public static final class Topics {
        public static final Field<String> NAME = field("Name", STRING, "1-2")
                .about("The topic's name. v1-2 only.");
        public static final Field<List<Integer>> PARTITION_INDEXES = field("PartitionIndexes", arrayOf(INT32), "1-2")
                .about("The partitions of the topic to stop. v1-2 only.");
        public static final Schema SCHEMA = structType("Topics", NAME, PARTITION_INDEXES);

        private Topics() {
        }
    }

    /** An element of {@link StopReplicaRequest#TOPIC_STATES}. */
    public static final class TopicStates {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "3+")
                .about("The topic's name. Since v3.");
        public static final Field<List<Struct>> PARTITION_STATES =
                array("PartitionStates", "3+", PartitionStates.SCHEMA)
                .about("The partitions of the topic to stop. Since v3.");
        public static final Schema SCHEMA = structType("TopicStates", TOPIC_NAME, PARTITION_STATES);

        private TopicStates() {
        }

        /** An element of {@link StopReplicaRequest.TopicStates#PARTITION_STATES}. */
        public static final class PartitionStates {
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "3+")
                    .about("The partition number within its topic. Since v3.");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "3+").withDefault(-1)
                    .about("The partition's leader epoch, -1 to skip the check; a stale one is answered "
                            + "FENCED_LEADER_EPOCH; -2 during topic deletion. Since v3.");
            public static final Field<Boolean> DELETE_PARTITION = field("DeletePartition", BOOL, "3+")
                    .about("True to delete the replica's log as well. Since v3.");
            public static final Schema SCHEMA = structType("PartitionStates", PARTITION_INDEX, LEADER_EPOCH,
                    DELETE_PARTITION);

            private PartitionStates() {
            }
        }
    }
}
