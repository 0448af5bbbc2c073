package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * LeaderAndIsr (api key 4): the controller tells a broker, for each of its partitions, the leader, the
 * ISR and the epochs, so that it becomes leader or follower. v1 adds IsNew; v2 the broker epoch and
 * partitions grouped by topic; v3 reassignment replicas; v4 flexible; v5 topic ids and the request
 * type (KIP-516); v6 the leader recovery state (KIP-704); v7 marks a KRaft controller (KIP-866).
 */
public final class LeaderAndIsrRequest {
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+")
            .about("The id of the broker acting as controller.");
    public static final Field<Boolean> IS_KRAFT_CONTROLLER = field("isKRaftController", BOOL, "7+")
            .about("True when sent by a KRaft controller during migration (KIP-866); always false from Gregor; "
                    + "since v7.");
    public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+")
            .about("The controller's epoch; requests from an older controller are refused.");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "2+").withDefault(-1L)
            .about("The epoch of the broker's registration (its /brokers/ids znode's creation zxid), -1 when not "
                    + "given. Since v2.");
    public static final Field<Byte> TYPE = field("Type", INT8, "5+")
            .about("Whether the request names every partition the broker hosts (2 full) or only changes (1 "
                    + "incremental), 0 unknown (KIP-516); Gregor sends 2 to a broker that registers and at a controller's "
                    + "start (its broker then deletes the logs of partitions not named that the metadata assigns to other "
                    + "brokers), 0 otherwise; since v5.");
    /** {@link #TYPE}: the request names every partition the broker hosts. */
    public static final byte TYPE_FULL = 2;
    /** {@link #TYPE}: unspecified, as Kafka's ZooKeeper-mode controller sends it. */
    public static final byte TYPE_UNKNOWN = 0;
    public static final Field<List<Struct>> UNGROUPED_PARTITION_STATES =
            array("UngroupedPartitionStates", "0-1", LeaderAndIsrPartitionState.SCHEMA)
            .about("The partition states, not grouped by topic; v0-1.");
    public static final Field<List<Struct>> TOPIC_STATES = array("TopicStates", "2+", TopicStates.SCHEMA)
            .about("The partition states grouped by topic; since v2.");
    public static final Field<List<Struct>> LIVE_LEADERS = array("LiveLeaders", "0+", LiveLeaders.SCHEMA)
            .about("The brokers leading the partitions in this request, so followers know where to fetch.");

    public static final MessageSpec SPEC = request(4, "LeaderAndIsrRequest", "0-7", "4+",
            CONTROLLER_ID, IS_KRAFT_CONTROLLER, CONTROLLER_EPOCH, BROKER_EPOCH, TYPE, UNGROUPED_PARTITION_STATES,
            TOPIC_STATES, LIVE_LEADERS);

    private LeaderAndIsrRequest() {
    }

    /**
     * An element of {@link LeaderAndIsrRequest#UNGROUPED_PARTITION_STATES} and {@link
     * LeaderAndIsrRequest.TopicStates#PARTITION_STATES}.
     */
    public static final class LeaderAndIsrPartitionState {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-1")
                .about("The topic's name; v0-1 (then in TopicStates).");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                .about("The partition number within its topic.");
        public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+")
                .about("The epoch of the controller that last changed this partition's state.");
        public static final Field<Integer> LEADER = field("Leader", INT32, "0+")
                .about("The partition's leader.");
        public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+")
                .about("The leader epoch; a broker ignores a state with an epoch older than its own.");
        public static final Field<List<Integer>> ISR = field("Isr", arrayOf(INT32), "0+")
                .about("The in-sync replicas, by broker id.");
        public static final Field<Integer> PARTITION_EPOCH = field("PartitionEpoch", INT32, "0+")
                .about("The partition epoch: bumped by every change of the partition state in ZooKeeper.");
        public static final Field<List<Integer>> REPLICAS = field("Replicas", arrayOf(INT32), "0+")
                .about("All replicas of the partition, by broker id, preferred leader first.");
        public static final Field<List<Integer>> ADDING_REPLICAS = field("AddingReplicas", arrayOf(INT32), "3+")
                .about("Replicas being added by a reassignment; since v3.");
        public static final Field<List<Integer>> REMOVING_REPLICAS = field("RemovingReplicas", arrayOf(INT32), "3+")
                .about("Replicas being removed by a reassignment; since v3.");
        public static final Field<Boolean> IS_NEW = field("IsNew", BOOL, "1+")
                .about("True when the partition was just created, so its log may be created without recovery; since"
                        + " v1.");
        public static final Field<Byte> LEADER_RECOVERY_STATE = field("LeaderRecoveryState", INT8, "6+")
                .about("The leader's recovery state (KIP-704); since v6.");
        public static final Schema SCHEMA = structType("LeaderAndIsrPartitionState", TOPIC_NAME, PARTITION_INDEX,
                CONTROLLER_EPOCH, LEADER, LEADER_EPOCH, ISR, PARTITION_EPOCH, REPLICAS, ADDING_REPLICAS,
                REMOVING_REPLICAS, IS_NEW, LEADER_RECOVERY_STATE);

        private LeaderAndIsrPartitionState() {
        }
    }

    /** An element of {@link LeaderAndIsrRequest#TOPIC_STATES}. */
    public static final class TopicStates {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "2+")
                .about("The topic's name. Since v2.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "5+")
                .about("The topic's id (KIP-516); since v5.");
        public static final Field<List<Struct>> PARTITION_STATES =
                array("PartitionStates", "2+", LeaderAndIsrPartitionState.SCHEMA)
                .about("The states of the topic's partitions. Since v2.");
        public static final Schema SCHEMA = structType("TopicStates", TOPIC_NAME, TOPIC_ID, PARTITION_STATES);

        private TopicStates() {
        }
    }

    /** An element of {@link LeaderAndIsrRequest#LIVE_LEADERS}. */
    public static final class LiveLeaders {
        public static final Field<Integer> BROKER_ID = field("BrokerId", INT32, "0+")
                .about("The leader's broker id.");
        public static final Field<String> HOST_NAME = field("HostName", STRING, "0+")
                .about("The leader's host.");
        public static final Field<Integer> PORT = field("Port", INT32, "0+")
                .about("The leader's port.");
        public static final Schema SCHEMA = structType("LiveLeaders", BROKER_ID, HOST_NAME, PORT);

        private LiveLeaders() {
        }
    }
}
