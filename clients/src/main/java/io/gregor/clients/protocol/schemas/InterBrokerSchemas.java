package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Schemas of the controller-to-broker and broker-to-controller APIs of a ZooKeeper-era cluster:
 * LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown and AlterPartition. Field names,
 * types, versions, nullability and defaults follow Kafka's message specs; partition states shared
 * by several fields are declared once.
 */
public final class InterBrokerSchemas {
    private InterBrokerSchemas() {
    }

    private static final Schema LEADER_AND_ISR_PARTITION_STATE = commonStruct("LeaderAndIsrPartitionState",
            field("TopicName", STRING, "0-1"),
            field("PartitionIndex", INT32, "0+"),
            field("ControllerEpoch", INT32, "0+"),
            field("Leader", INT32, "0+"),
            field("LeaderEpoch", INT32, "0+"),
            field("Isr", arrayOf(INT32), "0+"),
            field("PartitionEpoch", INT32, "0+"),
            field("Replicas", arrayOf(INT32), "0+"),
            field("AddingReplicas", arrayOf(INT32), "3+"),
            field("RemovingReplicas", arrayOf(INT32), "3+"),
            field("IsNew", BOOL, "1+"),
            field("LeaderRecoveryState", INT8, "6+"));

    public static final MessageSpec LEADER_AND_ISR_REQUEST = request(4, "LeaderAndIsrRequest", "0-7", "4+",
            field("ControllerId", INT32, "0+"),
            field("isKRaftController", BOOL, "7+"),
            field("ControllerEpoch", INT32, "0+"),
            field("BrokerEpoch", INT64, "2+").withDefault(-1L),
            field("Type", INT8, "5+"),
            field("UngroupedPartitionStates", arrayOf(LEADER_AND_ISR_PARTITION_STATE), "0-1"),
            array("TopicStates", "2+",
                    field("TopicName", STRING, "2+"),
                    field("TopicId", UUID, "5+"),
                    field("PartitionStates", arrayOf(LEADER_AND_ISR_PARTITION_STATE), "2+")),
            array("LiveLeaders", "0+",
                    field("BrokerId", INT32, "0+"),
                    field("HostName", STRING, "0+"),
                    field("Port", INT32, "0+")));

    private static final Schema LEADER_AND_ISR_PARTITION_ERROR = commonStruct("LeaderAndIsrPartitionError",
            field("TopicName", STRING, "0-4"),
            field("PartitionIndex", INT32, "0+"),
            field("ErrorCode", INT16, "0+"));

    public static final MessageSpec LEADER_AND_ISR_RESPONSE = response(4, "LeaderAndIsrResponse", "0-7", "4+",
            field("ErrorCode", INT16, "0+"),
            field("PartitionErrors", arrayOf(LEADER_AND_ISR_PARTITION_ERROR), "0-4"),
            array("Topics", "5+",
                    field("TopicId", UUID, "5+"),
                    field("PartitionErrors", arrayOf(LEADER_AND_ISR_PARTITION_ERROR), "5+")));

    public static final MessageSpec STOP_REPLICA_REQUEST = request(5, "StopReplicaRequest", "0-4", "2+",
            field("ControllerId", INT32, "0+"),
            field("isKRaftController", BOOL, "4+"),
            field("ControllerEpoch", INT32, "0+"),
            field("BrokerEpoch", INT64, "1+").withDefault(-1L),
            field("DeletePartitions", BOOL, "0-2"),
            array("UngroupedPartitions", "0",
                    field("TopicName", STRING, "0"),
                    field("PartitionIndex", INT32, "0")),
            array("Topics", "1-2",
                    field("Name", STRING, "1-2"),
                    field("PartitionIndexes", arrayOf(INT32), "1-2")),
            array("TopicStates", "3+",
                    field("TopicName", STRING, "3+"),
                    array("PartitionStates", "3+",
                            field("PartitionIndex", INT32, "3+"),
                            field("LeaderEpoch", INT32, "3+").withDefault(-1),
                            field("DeletePartition", BOOL, "3+"))));

    public static final MessageSpec STOP_REPLICA_RESPONSE = response(5, "StopReplicaResponse", "0-4", "2+",
            field("ErrorCode", INT16, "0+"),
            array("PartitionErrors", "0+",
                    field("TopicName", STRING, "0+"),
                    field("PartitionIndex", INT32, "0+"),
                    field("ErrorCode", INT16, "0+")));

    private static final Schema UPDATE_METADATA_PARTITION_STATE = commonStruct("UpdateMetadataPartitionState",
            field("TopicName", STRING, "0-4"),
            field("PartitionIndex", INT32, "0+"),
            field("ControllerEpoch", INT32, "0+"),
            field("Leader", INT32, "0+"),
            field("LeaderEpoch", INT32, "0+"),
            field("Isr", arrayOf(INT32), "0+"),
            field("ZkVersion", INT32, "0+"),
            field("Replicas", arrayOf(INT32), "0+"),
            field("OfflineReplicas", arrayOf(INT32), "4+"));

    public static final MessageSpec UPDATE_METADATA_REQUEST = request(6, "UpdateMetadataRequest", "0-8", "6+",
            field("ControllerId", INT32, "0+"),
            field("isKRaftController", BOOL, "8+"),
            field("Type", INT8, "8+").tagged(0, "8+"),
            field("ControllerEpoch", INT32, "0+"),
            field("BrokerEpoch", INT64, "5+").withDefault(-1L),
            field("UngroupedPartitionStates", arrayOf(UPDATE_METADATA_PARTITION_STATE), "0-4"),
            array("TopicStates", "5+",
                    field("TopicName", STRING, "5+"),
                    field("TopicId", UUID, "7+"),
                    field("PartitionStates", arrayOf(UPDATE_METADATA_PARTITION_STATE), "5+")),
            array("LiveBrokers", "0+",
                    field("Id", INT32, "0+"),
                    field("V0Host", STRING, "0"),
                    field("V0Port", INT32, "0"),
                    array("Endpoints", "1+",
                            field("Port", INT32, "1+"),
                            field("Host", STRING, "1+"),
                            field("Listener", STRING, "3+"),
                            field("SecurityProtocol", INT16, "1+")),
                    field("Rack", STRING, "2+").nullable("0+")));

    public static final MessageSpec UPDATE_METADATA_RESPONSE = response(6, "UpdateMetadataResponse", "0-8", "6+",
            field("ErrorCode", INT16, "0+"));

    public static final MessageSpec CONTROLLED_SHUTDOWN_REQUEST = request(7, "ControlledShutdownRequest", "0-3", "3+",
            field("BrokerId", INT32, "0+"),
            field("BrokerEpoch", INT64, "2+").withDefault(-1L));

    public static final MessageSpec CONTROLLED_SHUTDOWN_RESPONSE = response(7, "ControlledShutdownResponse", "0-3", "3+",
            field("ErrorCode", INT16, "0+"),
            array("RemainingPartitions", "0+",
                    field("TopicName", STRING, "0+"),
                    field("PartitionIndex", INT32, "0+")));

    public static final MessageSpec ALTER_PARTITION_REQUEST = request(56, "AlterPartitionRequest", "0-3", "0+",
            field("BrokerId", INT32, "0+"),
            field("BrokerEpoch", INT64, "0+").withDefault(-1L),
            array("Topics", "0+",
                    field("TopicName", STRING, "0-1"),
                    field("TopicId", UUID, "2+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("LeaderEpoch", INT32, "0+"),
                            field("NewIsr", arrayOf(INT32), "0-2"),
                            array("NewIsrWithEpochs", "3+",
                                    field("BrokerId", INT32, "3+"),
                                    field("BrokerEpoch", INT64, "3+").withDefault(-1L)),
                            field("LeaderRecoveryState", INT8, "1+"),
                            field("PartitionEpoch", INT32, "0+"))));

    public static final MessageSpec ALTER_PARTITION_RESPONSE = response(56, "AlterPartitionResponse", "0-3", "0+",
            field("ThrottleTimeMs", INT32, "0+"),
            field("ErrorCode", INT16, "0+"),
            array("Topics", "0+",
                    field("TopicName", STRING, "0-1"),
                    field("TopicId", UUID, "2+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("ErrorCode", INT16, "0+"),
                            field("LeaderId", INT32, "0+"),
                            field("LeaderEpoch", INT32, "0+"),
                            field("Isr", arrayOf(INT32), "0+"),
                            field("LeaderRecoveryState", INT8, "1+"),
                            field("PartitionEpoch", INT32, "0+"))));

    public static List<MessageSpec> all() {
        return List.of(
                LEADER_AND_ISR_REQUEST,
                LEADER_AND_ISR_RESPONSE,
                STOP_REPLICA_REQUEST,
                STOP_REPLICA_RESPONSE,
                UPDATE_METADATA_REQUEST,
                UPDATE_METADATA_RESPONSE,
                CONTROLLED_SHUTDOWN_REQUEST,
                CONTROLLED_SHUTDOWN_RESPONSE,
                ALTER_PARTITION_REQUEST,
                ALTER_PARTITION_RESPONSE);
    }
}
