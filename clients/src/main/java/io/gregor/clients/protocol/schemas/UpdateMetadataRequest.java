package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * UpdateMetadata (api key 6): the controller sends every broker the live brokers and partition states
 * it serves Metadata from. v1 several endpoints per broker; v2 the rack; v3 listener names; v4 offline
 * replicas; v5 the broker epoch and partitions grouped by topic; v6 flexible; v7 topic ids; v8 marks a
 * KRaft controller and the request type (KIP-866).
 */
public final class UpdateMetadataRequest {
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+")
            .about("The id of the broker acting as controller.");
    public static final Field<Boolean> IS_KRAFT_CONTROLLER = field("isKRaftController", BOOL, "8+")
            .about("True when sent by a KRaft controller during migration (KIP-866); always false from Gregor; "
                    + "since v8.");
    public static final Field<Byte> TYPE = field("Type", INT8, "8+").tagged(0, "8+")
            .about("0 unknown, 1 incremental, 2 full (KIP-866); since v8.");
    public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+")
            .about("The controller's epoch; requests from an older controller are refused.");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "5+").withDefault(-1L)
            .about("The epoch of the broker's registration (its /brokers/ids znode's creation zxid), -1 when not "
                    + "given. Since v5.");
    public static final Field<List<Struct>> UNGROUPED_PARTITION_STATES =
            array("UngroupedPartitionStates", "0-4", UpdateMetadataPartitionState.SCHEMA)
            .about("The partition states, not grouped by topic; up to v4.");
    public static final Field<List<Struct>> TOPIC_STATES = array("TopicStates", "5+", TopicStates.SCHEMA)
            .about("The partition states grouped by topic; since v5.");
    public static final Field<List<Struct>> LIVE_BROKERS = array("LiveBrokers", "0+", LiveBrokers.SCHEMA)
            .about("Every live broker with its endpoints: replaces the receiver's list.");

    public static final MessageSpec SPEC = request(6, "UpdateMetadataRequest", "0-8", "6+",
            CONTROLLER_ID, IS_KRAFT_CONTROLLER, TYPE, CONTROLLER_EPOCH, BROKER_EPOCH, UNGROUPED_PARTITION_STATES,
            TOPIC_STATES, LIVE_BROKERS);

    private UpdateMetadataRequest() {
    }

    /**
     * An element of {@link UpdateMetadataRequest#UNGROUPED_PARTITION_STATES} and {@link
     * UpdateMetadataRequest.TopicStates#PARTITION_STATES}.
     */
    public static final class UpdateMetadataPartitionState {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-4")
                .about("The topic's name; up to v4 (then in TopicStates).");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                .about("The partition number within its topic.");
        public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+")
                .about("The epoch of the controller that last changed this partition's state.");
        public static final Field<Integer> LEADER = field("Leader", INT32, "0+")
                .about("The partition's leader, -1 for none, -2 while the topic is being deleted.");
        public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+")
                .about("The leader epoch of the partition.");
        public static final Field<List<Integer>> ISR = field("Isr", arrayOf(INT32), "0+")
                .about("The in-sync replicas, by broker id.");
        public static final Field<Integer> ZK_VERSION = field("ZkVersion", INT32, "0+")
                .about("The version of the partition's state znode (its partition epoch).");
        public static final Field<List<Integer>> REPLICAS = field("Replicas", arrayOf(INT32), "0+")
                .about("All replicas of the partition, by broker id, preferred leader first.");
        public static final Field<List<Integer>> OFFLINE_REPLICAS = field("OfflineReplicas", arrayOf(INT32), "4+")
                .about("The replicas whose log directory is offline; since v4.");
        public static final Schema SCHEMA = structType("UpdateMetadataPartitionState", TOPIC_NAME, PARTITION_INDEX,
                CONTROLLER_EPOCH, LEADER, LEADER_EPOCH, ISR, ZK_VERSION, REPLICAS, OFFLINE_REPLICAS);

        private UpdateMetadataPartitionState() {
        }
    }

    /** An element of {@link UpdateMetadataRequest#TOPIC_STATES}. */
    public static final class TopicStates {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "5+")
                .about("The topic's name. Since v5.");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "7+")
                .about("The topic's id; since v7.");
        public static final Field<List<Struct>> PARTITION_STATES =
                array("PartitionStates", "5+", UpdateMetadataPartitionState.SCHEMA)
                .about("The states of the topic's partitions. Since v5.");
        public static final Schema SCHEMA = structType("TopicStates", TOPIC_NAME, TOPIC_ID, PARTITION_STATES);

        private TopicStates() {
        }
    }

    /** An element of {@link UpdateMetadataRequest#LIVE_BROKERS}. */
    public static final class LiveBrokers {
        public static final Field<Integer> ID = field("Id", INT32, "0+")
                .about("The broker's id.");
        public static final Field<String> V0_HOST = field("V0Host", STRING, "0")
                .about("The broker's host; v0 only (then Endpoints).");
        public static final Field<Integer> V0_PORT = field("V0Port", INT32, "0")
                .about("The broker's port; v0 only.");
        public static final Field<List<Struct>> ENDPOINTS = array("Endpoints", "1+", Endpoints.SCHEMA)
                .about("The broker's endpoints, one per listener; since v1.");
        public static final Field<String> RACK = field("Rack", STRING, "2+").nullable("0+")
                .about("The broker's rack, or null; since v2.");
        public static final Schema SCHEMA = structType("LiveBrokers", ID, V0_HOST, V0_PORT, ENDPOINTS, RACK);

        private LiveBrokers() {
        }

        /** An element of {@link UpdateMetadataRequest.LiveBrokers#ENDPOINTS}. */
        public static final class Endpoints {
            public static final Field<Integer> PORT = field("Port", INT32, "1+")
                    .about("The listener's port. Since v1.");
            public static final Field<String> HOST = field("Host", STRING, "1+")
                    .about("The listener's host. Since v1.");
            public static final Field<String> LISTENER = field("Listener", STRING, "3+")
                    .about("The listener's name; since v3.");
            public static final Field<Short> SECURITY_PROTOCOL = field("SecurityProtocol", INT16, "1+")
                    .about("The listener's security protocol id (0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL)."
                            + " Since v1.");
            public static final Schema SCHEMA = structType("Endpoints", PORT, HOST, LISTENER, SECURITY_PROTOCOL);

            private Endpoints() {
            }
        }
    }
}
