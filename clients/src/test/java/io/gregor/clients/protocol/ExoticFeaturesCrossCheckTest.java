package io.gregor.clients.protocol;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.Message;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The DSL and codec on wire features none of Gregor's registered APIs use yet (float64, uint16,
 * []uuid, nullable non-array structs, shared struct types), checked against Kafka's classes with
 * test-only declarations of messages that have them (drafted with clients/tools/spec_to_dsl.py).
 */
class ExoticFeaturesCrossCheckTest {
    static final MessageSpec ALTER_CLIENT_QUOTAS_REQUEST = request(49, "AlterClientQuotasRequest", "0-1", "1+",
            array("Entries", "0+",
                    array("Entity", "0+",
                            field("EntityType", STRING, "0+"),
                            field("EntityName", STRING, "0+").nullable("0+")),
                    array("Ops", "0+",
                            field("Key", STRING, "0+"),
                            field("Value", FLOAT64, "0+"),
                            field("Remove", BOOL, "0+"))),
            field("ValidateOnly", BOOL, "0+"));

    static final MessageSpec DESCRIBE_CLIENT_QUOTAS_RESPONSE = response(48, "DescribeClientQuotasResponse", "0-1", "1+",
            field("ThrottleTimeMs", INT32, "0+"),
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "0+").nullable("0+"),
            array("Entries", "0+",
                    array("Entity", "0+",
                            field("EntityType", STRING, "0+"),
                            field("EntityName", STRING, "0+").nullable("0+")),
                    array("Values", "0+",
                            field("Key", STRING, "0+"),
                            field("Value", FLOAT64, "0+"))).nullable("0+"));

    static final MessageSpec BROKER_REGISTRATION_REQUEST = request(62, "BrokerRegistrationRequest", "0-4", "0+",
            field("BrokerId", INT32, "0+"),
            field("ClusterId", STRING, "0+"),
            field("IncarnationId", UUID, "0+"),
            array("Listeners", "0+",
                    field("Name", STRING, "0+"),
                    field("Host", STRING, "0+"),
                    field("Port", UINT16, "0+"),
                    field("SecurityProtocol", INT16, "0+")),
            array("Features", "0+",
                    field("Name", STRING, "0+"),
                    field("MinSupportedVersion", INT16, "0+"),
                    field("MaxSupportedVersion", INT16, "0+")),
            field("Rack", STRING, "0+").nullable("0+"),
            field("IsMigratingZkBroker", BOOL, "1+"),
            field("LogDirs", arrayOf(UUID), "2+"),
            field("PreviousBrokerEpoch", INT64, "3+").withDefault(-1L));

    static final MessageSpec BROKER_HEARTBEAT_REQUEST = request(63, "BrokerHeartbeatRequest", "0-1", "0+",
            field("BrokerId", INT32, "0+"),
            field("BrokerEpoch", INT64, "0+").withDefault(-1L),
            field("CurrentMetadataOffset", INT64, "0+"),
            field("WantFence", BOOL, "0+"),
            field("WantShutDown", BOOL, "0+"),
            field("OfflineLogDirs", arrayOf(UUID), "1+").tagged(0, "1+"));

    private static final Schema CONSUMER_GROUP_HEARTBEAT_RESPONSE_TOPIC_PARTITIONS = structType("TopicPartitions",
            field("TopicId", UUID, "0+"),
            field("Partitions", arrayOf(INT32), "0+"));

    static final MessageSpec CONSUMER_GROUP_HEARTBEAT_RESPONSE = response(68, "ConsumerGroupHeartbeatResponse", "0", "0+",
            field("ThrottleTimeMs", INT32, "0+"),
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null),
            field("MemberId", STRING, "0+").nullable("0+").withDefault(null),
            field("MemberEpoch", INT32, "0+"),
            field("HeartbeatIntervalMs", INT32, "0+"),
            struct("Assignment", "0+",
                    field("TopicPartitions", arrayOf(CONSUMER_GROUP_HEARTBEAT_RESPONSE_TOPIC_PARTITIONS), "0+")).nullable("0+").withDefault(null));

    static final MessageSpec DESCRIBE_TOPIC_PARTITIONS_REQUEST = request(75, "DescribeTopicPartitionsRequest", "0", "0+",
            array("Topics", "0+",
                    field("Name", STRING, "0+")),
            field("ResponsePartitionLimit", INT32, "0+").withDefault(2000),
            struct("Cursor", "0+",
                    field("TopicName", STRING, "0+"),
                    field("PartitionIndex", INT32, "0+")).nullable("0+").withDefault(null));

    private static final Schema DESCRIBE_QUORUM_RESPONSE_REPLICA_STATE = structType("ReplicaState",
            field("ReplicaId", INT32, "0+"),
            field("ReplicaDirectoryId", UUID, "2+"),
            field("LogEndOffset", INT64, "0+"),
            field("LastFetchTimestamp", INT64, "1+").withDefault(-1L),
            field("LastCaughtUpTimestamp", INT64, "1+").withDefault(-1L));

    static final MessageSpec DESCRIBE_QUORUM_RESPONSE = response(55, "DescribeQuorumResponse", "0-2", "0+",
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "2+").nullable("2+"),
            array("Topics", "0+",
                    field("TopicName", STRING, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("ErrorCode", INT16, "0+"),
                            field("ErrorMessage", STRING, "2+").nullable("2+"),
                            field("LeaderId", INT32, "0+"),
                            field("LeaderEpoch", INT32, "0+"),
                            field("HighWatermark", INT64, "0+"),
                            field("CurrentVoters", arrayOf(DESCRIBE_QUORUM_RESPONSE_REPLICA_STATE), "0+"),
                            field("Observers", arrayOf(DESCRIBE_QUORUM_RESPONSE_REPLICA_STATE), "0+"))),
            array("Nodes", "2+",
                    field("NodeId", INT32, "2+"),
                    array("Listeners", "2+",
                            field("Name", STRING, "2+"),
                            field("Host", STRING, "2+"),
                            field("Port", UINT16, "2+"))));

    private static final Schema ADD_PARTITIONS_TO_TXN_REQUEST_ADD_PARTITIONS_TO_TXN_TOPIC = structType(
            "AddPartitionsToTxnTopic",
            field("Name", STRING, "0+"),
            field("Partitions", arrayOf(INT32), "0+"));

    static final MessageSpec ADD_PARTITIONS_TO_TXN_REQUEST = request(24, "AddPartitionsToTxnRequest", "0-5", "3+",
            array("Transactions", "4+",
                    field("TransactionalId", STRING, "4+"),
                    field("ProducerId", INT64, "4+"),
                    field("ProducerEpoch", INT16, "4+"),
                    field("VerifyOnly", BOOL, "4+"),
                    field("Topics", arrayOf(ADD_PARTITIONS_TO_TXN_REQUEST_ADD_PARTITIONS_TO_TXN_TOPIC), "4+")),
            field("V3AndBelowTransactionalId", STRING, "0-3"),
            field("V3AndBelowProducerId", INT64, "0-3"),
            field("V3AndBelowProducerEpoch", INT16, "0-3"),
            field("V3AndBelowTopics", arrayOf(ADD_PARTITIONS_TO_TXN_REQUEST_ADD_PARTITIONS_TO_TXN_TOPIC), "0-3"));

    static final MessageSpec SHARE_FETCH_REQUEST = request(78, "ShareFetchRequest", "0", "0+",
            field("GroupId", STRING, "0+").nullable("0+").withDefault(null),
            field("MemberId", STRING, "0+").nullable("0+"),
            field("ShareSessionEpoch", INT32, "0+"),
            field("MaxWaitMs", INT32, "0+"),
            field("MinBytes", INT32, "0+"),
            field("MaxBytes", INT32, "0+").withDefault(2147483647),
            array("Topics", "0+",
                    field("TopicId", UUID, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("PartitionMaxBytes", INT32, "0+"),
                            array("AcknowledgementBatches", "0+",
                                    field("FirstOffset", INT64, "0+"),
                                    field("LastOffset", INT64, "0+"),
                                    field("AcknowledgeTypes", arrayOf(INT8), "0+")))),
            array("ForgottenTopicsData", "0+",
                    field("TopicId", UUID, "0+"),
                    field("Partitions", arrayOf(INT32), "0+")));

    static final MessageSpec FETCH_SNAPSHOT_RESPONSE = response(59, "FetchSnapshotResponse", "0-1", "0+",
            field("ThrottleTimeMs", INT32, "0+"),
            field("ErrorCode", INT16, "0+"),
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    array("Partitions", "0+",
                            field("Index", INT32, "0+"),
                            field("ErrorCode", INT16, "0+"),
                            struct("SnapshotId", "0+",
                                    field("EndOffset", INT64, "0+"),
                                    field("Epoch", INT32, "0+")),
                            struct("CurrentLeader", "0+",
                                    field("LeaderId", INT32, "0+"),
                                    field("LeaderEpoch", INT32, "0+")).tagged(0, "0+"),
                            field("Size", INT64, "0+"),
                            field("Position", INT64, "0+"),
                            field("UnalignedRecords", RECORDS, "0+"))),
            array("NodeEndpoints", "1+",
                    field("NodeId", INT32, "1+"),
                    field("Host", STRING, "1+"),
                    field("Port", UINT16, "1+")).tagged(0, "1+"));

    @TestFactory
    List<DynamicTest> exoticWireFeaturesEncodeExactlyAsKafka() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MessageSpec spec : List.of(ALTER_CLIENT_QUOTAS_REQUEST, DESCRIBE_CLIENT_QUOTAS_RESPONSE,
                BROKER_REGISTRATION_REQUEST, BROKER_HEARTBEAT_REQUEST, CONSUMER_GROUP_HEARTBEAT_RESPONSE,
                DESCRIBE_TOPIC_PARTITIONS_REQUEST, DESCRIBE_QUORUM_RESPONSE, ADD_PARTITIONS_TO_TXN_REQUEST,
                SHARE_FETCH_REQUEST, FETCH_SNAPSHOT_RESPONSE)) {
            ApiMessageType kafkaType = ApiMessageType.fromApiKey((short) spec.apiKey());
            Supplier<Message> kafka = spec.type() == MessageType.REQUEST ? kafkaType::newRequest : kafkaType::newResponse;
            for (short v = spec.validVersions().lowest(); v <= spec.validVersions().highest(); v++) {
                short version = v;
                tests.add(DynamicTest.dynamicTest(spec.name() + " v" + version,
                        () -> KafkaCrossCheckTest.crossCheck(spec, version, kafka)));
            }
        }
        return tests;
    }
}
