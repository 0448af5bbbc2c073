package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;
import java.util.UUID;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The answer to Metadata. v1 adds racks, the controller id and IsInternal; v2 the cluster id; v3 the
 * throttle time; v5 offline replicas; v6 answers before throttling; v7 leader epochs; v8 authorized
 * operations; v9 flexible; v10 topic ids; v11 drops the cluster's authorized operations; v12 nullable
 * topic names.
 */
public final class MetadataResponse {
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "3+")
            .about("How long, in ms, the broker throttled this request for a quota; 0 when it did not. Since v3.");
    public static final Field<List<Struct>> BROKERS = array("Brokers", "0+", Brokers.SCHEMA)
            .about("The live brokers, with the endpoint of the listener the request came on.");
    public static final Field<String> CLUSTER_ID = field("ClusterId", STRING, "2+").nullable("2+").withDefault(null)
            .about("The cluster's id, or null; since v2.");
    public static final Field<Integer> CONTROLLER_ID = field("ControllerId", INT32, "1+").withDefault(-1)
            .about("The controller's broker id, -1 when unknown; since v1.");
    public static final Field<List<Struct>> TOPICS = array("Topics", "0+", Topics.SCHEMA)
            .about("One description per topic.");
    public static final Field<Integer> CLUSTER_AUTHORIZED_OPERATIONS =
            field("ClusterAuthorizedOperations", INT32, "8-10").withDefault(-2147483648)
            .about("Bit set of the cluster operations the caller may perform; v8-10.");

    public static final MessageSpec SPEC = response(3, "MetadataResponse", "0-12", "9+",
            THROTTLE_TIME_MS, BROKERS, CLUSTER_ID, CONTROLLER_ID, TOPICS, CLUSTER_AUTHORIZED_OPERATIONS);

    private MetadataResponse() {
    }

    /** An element of {@link MetadataResponse#BROKERS}. */
    public static final class Brokers {
        public static final Field<Integer> NODE_ID = field("NodeId", INT32, "0+")
                .about("The broker's id.");
        public static final Field<String> HOST = field("Host", STRING, "0+")
                .about("The broker's host name.");
        public static final Field<Integer> PORT = field("Port", INT32, "0+")
                .about("The broker's port.");
        public static final Field<String> RACK = field("Rack", STRING, "1+").nullable("1+").withDefault(null)
                .about("The broker's rack, or null; since v1.");
        public static final Schema SCHEMA = structType("Brokers", NODE_ID, HOST, PORT, RACK);

        private Brokers() {
        }
    }

    /** An element of {@link MetadataResponse#TOPICS}. */
    public static final class Topics {
        public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                .about("0, or why the topic is not described (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE "
                        + "while it is created...).");
        public static final Field<String> NAME = field("Name", STRING, "0+").nullable("12+")
                .about("The topic's name (nullable from v12, when asked by an unknown id).");
        public static final Field<UUID> TOPIC_ID = field("TopicId", UUID, "10+")
                .about("The topic's id; since v10.");
        public static final Field<Boolean> IS_INTERNAL = field("IsInternal", BOOL, "1+")
                .about("True for internal topics such as __consumer_offsets; since v1.");
        public static final Field<List<Struct>> PARTITIONS = array("Partitions", "0+", Partitions.SCHEMA)
                .about("One description per partition.");
        public static final Field<Integer> TOPIC_AUTHORIZED_OPERATIONS =
                field("TopicAuthorizedOperations", INT32, "8+").withDefault(-2147483648)
                .about("Bit set of the topic operations the caller may perform; since v8.");
        public static final Schema SCHEMA = structType("Topics", ERROR_CODE, NAME, TOPIC_ID, IS_INTERNAL, PARTITIONS,
                TOPIC_AUTHORIZED_OPERATIONS);

        private Topics() {
        }

        /** An element of {@link MetadataResponse.Topics#PARTITIONS}. */
        public static final class Partitions {
            public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
                    .about("0, or the partition's error (LEADER_NOT_AVAILABLE...).");
            public static final Field<Integer> PARTITION_INDEX = field("PartitionIndex", INT32, "0+")
                    .about("The partition number within its topic.");
            public static final Field<Integer> LEADER_ID = field("LeaderId", INT32, "0+")
                    .about("The leader's broker id, -1 when there is none.");
            public static final Field<Integer> LEADER_EPOCH = field("LeaderEpoch", INT32, "7+").withDefault(-1)
                    .about("The leader epoch, -1 when unknown; since v7.");
            public static final Field<List<Integer>> REPLICA_NODES = field("ReplicaNodes", arrayOf(INT32), "0+")
                    .about("The partition's replicas.");
            public static final Field<List<Integer>> ISR_NODES = field("IsrNodes", arrayOf(INT32), "0+")
                    .about("The partition's in-sync replicas.");
            public static final Field<List<Integer>> OFFLINE_REPLICAS = field("OfflineReplicas", arrayOf(INT32), "5+")
                    .about("The replicas whose log directory is offline; since v5.");
            public static final Schema SCHEMA = structType("Partitions", ERROR_CODE, PARTITION_INDEX, LEADER_ID,
                    LEADER_EPOCH, REPLICA_NODES, ISR_NODES, OFFLINE_REPLICAS);

            private Partitions() {
            }
        }
    }
}
