package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** MetadataResponse (api key 3, versions 0-12, flexible 9+). */
public final class MetadataResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "3+");
    public static final Field<List<Struct>> BROKERS = array("Brokers", "0+", Brokers.SCHEMA);
    public static final Field<String> CLUSTER_ID = field("ClusterId", STRING, "2+").nullable("2+").withDefault(null);
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "1+").withDefault(-1);
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA);
    public static final Field<Integer> CLUSTER_AUTHORIZED_OPERATIONS =
            field("ClusterAuthorizedOperations", INT32, "8-10").withDefault(-2147483648);

    public static final MessageSpec SPEC = response(3, "MetadataResponse", "0-12", "9+",
            THROTTLE_TIME_MS, BROKERS, CLUSTER_ID, CONTROLLER_ID, TOPICS, CLUSTER_AUTHORIZED_OPERATIONS);

    private MetadataResponse() {
    }

    /** An element of {@link MetadataResponse#BROKERS}. */
    public static final class Brokers {
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "0+");
        public static final Field<String> HOST = field("Host", STRING, "0+");
        public static final Field<Integer> PORT = field("Port", INT32, "0+");
        public static final Field<String> RACK = field("Rack", STRING, "1+").nullable("1+").withDefault(null);
        public static final Schema SCHEMA = structType("Brokers", NODE_ID, HOST, PORT, RACK);

        private Brokers() {
        }
    }

    /** An element of {@link MetadataResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
        public static final Field<String> NAME = field("Name", STRING, "0+").nullable("12+");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "10+");
        public static final Field<Boolean> IS_INTERNAL = field("IsInternal", BOOL, "1+");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA);
        public static final Field<Integer> TOPIC_AUTHORIZED_OPERATIONS =
                field("TopicAuthorizedOperations", INT32, "8+").withDefault(-2147483648);
        public static final Schema SCHEMA = structType("Topics", ERROR_CODE, NAME, TOPIC_ID, IS_INTERNAL, PARTITIONS,
                TOPIC_AUTHORIZED_OPERATIONS);

        private Topics() {
        }

        /** An element of {@link MetadataResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+");
            public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "0+");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "7+").withDefault(-1);
            public static final Field<List<Integer>> REPLICA_NODES = field("ReplicaNodes", arrayOf(INT32), "0+");
            public static final Field<List<Integer>> ISR_NODES = field("IsrNodes", arrayOf(INT32), "0+");
            public static final Field<List<Integer>> OFFLINE_REPLICAS = field("OfflineReplicas", arrayOf(INT32), "5+");
            public static final Schema SCHEMA = structType("Partitions", ERROR_CODE, PARTITION_INDEX, LEADER_ID,
                    LEADER_EPOCH, REPLICA_NODES, ISR_NODES, OFFLINE_REPLICAS);

            private Partitions() {
            }
        }
    }
}
