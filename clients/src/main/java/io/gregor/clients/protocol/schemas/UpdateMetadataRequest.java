package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** UpdateMetadataRequest (api key 6, versions 0-8, flexible 6+). */
public final class UpdateMetadataRequest {
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "0+");
    public static final Field<Boolean> IS_KRAFT_CONTROLLER = field("isKRaftController", BOOL, "8+");
    public static final Field<Byte> TYPE = field("Type", INT8, "8+").tagged(0, "8+");
    public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+");
    public static final Field<Long> BROKER_EPOCH = field("BrokerEpoch", INT64, "5+").withDefault(-1L);
    public static final Field<List<Struct>> UNGROUPED_PARTITION_STATES =
            array("UngroupedPartitionStates", "0-4", UpdateMetadataPartitionState.SCHEMA);
    public static final Field<List<Struct>> TOPIC_STATES = array("TopicStates", "5+", TopicStates.SCHEMA);
    public static final Field<List<Struct>> LIVE_BROKERS = array("LiveBrokers", "0+", LiveBrokers.SCHEMA);

    public static final MessageSpec SPEC = request(6, "UpdateMetadataRequest", "0-8", "6+",
            CONTROLLER_ID, IS_KRAFT_CONTROLLER, TYPE, CONTROLLER_EPOCH, BROKER_EPOCH, UNGROUPED_PARTITION_STATES,
            TOPIC_STATES, LIVE_BROKERS);

    private UpdateMetadataRequest() {
    }

    /** An element of {@link UpdateMetadataRequest#UNGROUPED_PARTITION_STATES} and {@link UpdateMetadataRequest.TopicStates#PARTITION_STATES}. */
    public static final class UpdateMetadataPartitionState {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "0-4");
        public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
        public static final Field<Integer> CONTROLLER_EPOCH = field("ControllerEpoch", INT32, "0+");
        public static final Field<Integer> LEADER = field("Leader", INT32, "0+");
        public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "0+");
        public static final Field<List<Integer>> ISR = field("Isr", arrayOf(INT32), "0+");
        public static final Field<Integer> ZK_VERSION = field("ZkVersion", INT32, "0+");
        public static final Field<List<Integer>> REPLICAS = field("Replicas", arrayOf(INT32), "0+");
        public static final Field<List<Integer>> OFFLINE_REPLICAS = field("OfflineReplicas", arrayOf(INT32), "4+");
        public static final Schema SCHEMA = structType("UpdateMetadataPartitionState", TOPIC_NAME, PARTITION_INDEX,
                CONTROLLER_EPOCH, LEADER, LEADER_EPOCH, ISR, ZK_VERSION, REPLICAS, OFFLINE_REPLICAS);

        private UpdateMetadataPartitionState() {
        }
    }

    /** An element of {@link UpdateMetadataRequest#TOPIC_STATES}. */
    public static final class TopicStates {
        public static final Field<String> TOPIC_NAME = field("TopicName", STRING, "5+");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "7+");
        public static final Field<List<Struct>> PARTITION_STATES =
                array("PartitionStates", "5+", UpdateMetadataPartitionState.SCHEMA);
        public static final Schema SCHEMA = structType("TopicStates", TOPIC_NAME, TOPIC_ID, PARTITION_STATES);

        private TopicStates() {
        }
    }

    /** An element of {@link UpdateMetadataRequest#LIVE_BROKERS}. */
    public static final class LiveBrokers {
        public static final Field<Integer> ID = field("Id", INT32, "0+");
        public static final Field<String> V0_HOST = field("V0Host", STRING, "0");
        public static final Field<Integer> V0_PORT = field("V0Port", INT32, "0");
        public static final Field<List<Struct>> ENDPOINTS = array("Endpoints", "1+", Endpoints.SCHEMA);
        public static final Field<String> RACK = field("Rack", STRING, "2+").nullable("0+");
        public static final Schema SCHEMA = structType("LiveBrokers", ID, V0_HOST, V0_PORT, ENDPOINTS, RACK);

        private LiveBrokers() {
        }

        /** An element of {@link UpdateMetadataRequest.LiveBrokers#ENDPOINTS}. */
        public static final class Endpoints {
            public static final Field<Integer> PORT = field("Port", INT32, "1+");
            public static final Field<String> HOST = field("Host", STRING, "1+");
            public static final Field<String> LISTENER = field("Listener", STRING, "3+");
            public static final Field<Short> SECURITY_PROTOCOL = field("SecurityProtocol", INT16, "1+");
            public static final Schema SCHEMA = structType("Endpoints", PORT, HOST, LISTENER, SECURITY_PROTOCOL);

            private Endpoints() {
            }
        }
    }
}
