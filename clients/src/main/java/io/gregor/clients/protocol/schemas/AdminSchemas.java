package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Schemas of the admin APIs: topic creation and deletion, record deletion, producer id allocation,
 * config description and (incremental) alteration, partition creation and cluster description.
 * Field names, types, versions, nullability and defaults follow Kafka's message specs.
 */
public final class AdminSchemas {
    private AdminSchemas() {
    }

    public static final MessageSpec CREATE_TOPICS_REQUEST = request(19, "CreateTopicsRequest", "0-7", "5+",
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    field("NumPartitions", INT32, "0+"),
                    field("ReplicationFactor", INT16, "0+"),
                    array("Assignments", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("BrokerIds", arrayOf(INT32), "0+")),
                    array("Configs", "0+",
                            field("Name", STRING, "0+"),
                            field("Value", STRING, "0+").nullable("0+"))),
            field("timeoutMs", INT32, "0+").withDefault(60000),
            field("validateOnly", BOOL, "1+"));

    public static final MessageSpec CREATE_TOPICS_RESPONSE = response(19, "CreateTopicsResponse", "0-7", "5+",
            field("ThrottleTimeMs", INT32, "2+"),
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    field("TopicId", UUID, "7+"),
                    field("ErrorCode", INT16, "0+"),
                    field("ErrorMessage", STRING, "1+").nullable("0+"),
                    field("TopicConfigErrorCode", INT16, "5+").tagged(0, "5+"),
                    field("NumPartitions", INT32, "5+").withDefault(-1),
                    field("ReplicationFactor", INT16, "5+").withDefault(-1),
                    array("Configs", "5+",
                            field("Name", STRING, "5+"),
                            field("Value", STRING, "5+").nullable("5+"),
                            field("ReadOnly", BOOL, "5+"),
                            field("ConfigSource", INT8, "5+").withDefault(-1),
                            field("IsSensitive", BOOL, "5+")).nullable("5+")));

    public static final MessageSpec DELETE_TOPICS_REQUEST = request(20, "DeleteTopicsRequest", "0-6", "4+",
            array("Topics", "6+",
                    field("Name", STRING, "6+").nullable("6+").withDefault(null),
                    field("TopicId", UUID, "6+")),
            field("TopicNames", arrayOf(STRING), "0-5"),
            field("TimeoutMs", INT32, "0+"));

    public static final MessageSpec DELETE_TOPICS_RESPONSE = response(20, "DeleteTopicsResponse", "0-6", "4+",
            field("ThrottleTimeMs", INT32, "1+"),
            array("Responses", "0+",
                    field("Name", STRING, "0+").nullable("6+"),
                    field("TopicId", UUID, "6+"),
                    field("ErrorCode", INT16, "0+"),
                    field("ErrorMessage", STRING, "5+").nullable("5+").withDefault(null)));

    public static final MessageSpec DELETE_RECORDS_REQUEST = request(21, "DeleteRecordsRequest", "0-2", "2+",
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("Offset", INT64, "0+"))),
            field("TimeoutMs", INT32, "0+"));

    public static final MessageSpec DELETE_RECORDS_RESPONSE = response(21, "DeleteRecordsResponse", "0-2", "2+",
            field("ThrottleTimeMs", INT32, "0+"),
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("LowWatermark", INT64, "0+"),
                            field("ErrorCode", INT16, "0+"))));

    public static final MessageSpec INIT_PRODUCER_ID_REQUEST = request(22, "InitProducerIdRequest", "0-5", "2+",
            field("TransactionalId", STRING, "0+").nullable("0+"),
            field("TransactionTimeoutMs", INT32, "0+"),
            field("ProducerId", INT64, "3+").withDefault(-1L),
            field("ProducerEpoch", INT16, "3+").withDefault(-1));

    public static final MessageSpec INIT_PRODUCER_ID_RESPONSE = response(22, "InitProducerIdResponse", "0-5", "2+",
            field("ThrottleTimeMs", INT32, "0+"),
            field("ErrorCode", INT16, "0+"),
            field("ProducerId", INT64, "0+").withDefault(-1L),
            field("ProducerEpoch", INT16, "0+"));

    public static final MessageSpec DESCRIBE_CONFIGS_REQUEST = request(32, "DescribeConfigsRequest", "0-4", "4+",
            array("Resources", "0+",
                    field("ResourceType", INT8, "0+"),
                    field("ResourceName", STRING, "0+"),
                    field("ConfigurationKeys", arrayOf(STRING), "0+").nullable("0+")),
            field("IncludeSynonyms", BOOL, "1+"),
            field("IncludeDocumentation", BOOL, "3+"));

    public static final MessageSpec DESCRIBE_CONFIGS_RESPONSE = response(32, "DescribeConfigsResponse", "0-4", "4+",
            field("ThrottleTimeMs", INT32, "0+"),
            array("Results", "0+",
                    field("ErrorCode", INT16, "0+"),
                    field("ErrorMessage", STRING, "0+").nullable("0+"),
                    field("ResourceType", INT8, "0+"),
                    field("ResourceName", STRING, "0+"),
                    array("Configs", "0+",
                            field("Name", STRING, "0+"),
                            field("Value", STRING, "0+").nullable("0+"),
                            field("ReadOnly", BOOL, "0+"),
                            field("IsDefault", BOOL, "0"),
                            field("ConfigSource", INT8, "1+").withDefault(-1),
                            field("IsSensitive", BOOL, "0+"),
                            array("Synonyms", "1+",
                                    field("Name", STRING, "1+"),
                                    field("Value", STRING, "1+").nullable("0+"),
                                    field("Source", INT8, "1+")),
                            field("ConfigType", INT8, "3+"),
                            field("Documentation", STRING, "3+").nullable("0+"))));

    public static final MessageSpec ALTER_CONFIGS_REQUEST = request(33, "AlterConfigsRequest", "0-2", "2+",
            array("Resources", "0+",
                    field("ResourceType", INT8, "0+"),
                    field("ResourceName", STRING, "0+"),
                    array("Configs", "0+",
                            field("Name", STRING, "0+"),
                            field("Value", STRING, "0+").nullable("0+"))),
            field("ValidateOnly", BOOL, "0+"));

    public static final MessageSpec ALTER_CONFIGS_RESPONSE = response(33, "AlterConfigsResponse", "0-2", "2+",
            field("ThrottleTimeMs", INT32, "0+"),
            array("Responses", "0+",
                    field("ErrorCode", INT16, "0+"),
                    field("ErrorMessage", STRING, "0+").nullable("0+"),
                    field("ResourceType", INT8, "0+"),
                    field("ResourceName", STRING, "0+")));

    public static final MessageSpec CREATE_PARTITIONS_REQUEST = request(37, "CreatePartitionsRequest", "0-3", "2+",
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    field("Count", INT32, "0+"),
                    array("Assignments", "0+",
                            field("BrokerIds", arrayOf(INT32), "0+")).nullable("0+")),
            field("TimeoutMs", INT32, "0+"),
            field("ValidateOnly", BOOL, "0+"));

    public static final MessageSpec CREATE_PARTITIONS_RESPONSE = response(37, "CreatePartitionsResponse", "0-3", "2+",
            field("ThrottleTimeMs", INT32, "0+"),
            array("Results", "0+",
                    field("Name", STRING, "0+"),
                    field("ErrorCode", INT16, "0+"),
                    field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null)));

    public static final MessageSpec INCREMENTAL_ALTER_CONFIGS_REQUEST = request(44, "IncrementalAlterConfigsRequest", "0-1", "1+",
            array("Resources", "0+",
                    field("ResourceType", INT8, "0+"),
                    field("ResourceName", STRING, "0+"),
                    array("Configs", "0+",
                            field("Name", STRING, "0+"),
                            field("ConfigOperation", INT8, "0+"),
                            field("Value", STRING, "0+").nullable("0+"))),
            field("ValidateOnly", BOOL, "0+"));

    public static final MessageSpec INCREMENTAL_ALTER_CONFIGS_RESPONSE = response(44, "IncrementalAlterConfigsResponse", "0-1", "1+",
            field("ThrottleTimeMs", INT32, "0+"),
            array("Responses", "0+",
                    field("ErrorCode", INT16, "0+"),
                    field("ErrorMessage", STRING, "0+").nullable("0+"),
                    field("ResourceType", INT8, "0+"),
                    field("ResourceName", STRING, "0+")));

    public static final MessageSpec DESCRIBE_CLUSTER_REQUEST = request(60, "DescribeClusterRequest", "0-1", "0+",
            field("IncludeClusterAuthorizedOperations", BOOL, "0+"),
            field("EndpointType", INT8, "1+").withDefault(1));

    public static final MessageSpec DESCRIBE_CLUSTER_RESPONSE = response(60, "DescribeClusterResponse", "0-1", "0+",
            field("ThrottleTimeMs", INT32, "0+"),
            field("ErrorCode", INT16, "0+"),
            field("ErrorMessage", STRING, "0+").nullable("0+").withDefault(null),
            field("EndpointType", INT8, "1+").withDefault(1),
            field("ClusterId", STRING, "0+"),
            field("ControllerId", INT32, "0+").withDefault(-1),
            array("Brokers", "0+",
                    field("BrokerId", INT32, "0+"),
                    field("Host", STRING, "0+"),
                    field("Port", INT32, "0+"),
                    field("Rack", STRING, "0+").nullable("0+").withDefault(null)),
            field("ClusterAuthorizedOperations", INT32, "0+").withDefault(-2147483648));

    public static List<MessageSpec> all() {
        return List.of(
                CREATE_TOPICS_REQUEST,
                CREATE_TOPICS_RESPONSE,
                DELETE_TOPICS_REQUEST,
                DELETE_TOPICS_RESPONSE,
                DELETE_RECORDS_REQUEST,
                DELETE_RECORDS_RESPONSE,
                INIT_PRODUCER_ID_REQUEST,
                INIT_PRODUCER_ID_RESPONSE,
                DESCRIBE_CONFIGS_REQUEST,
                DESCRIBE_CONFIGS_RESPONSE,
                ALTER_CONFIGS_REQUEST,
                ALTER_CONFIGS_RESPONSE,
                CREATE_PARTITIONS_REQUEST,
                CREATE_PARTITIONS_RESPONSE,
                INCREMENTAL_ALTER_CONFIGS_REQUEST,
                INCREMENTAL_ALTER_CONFIGS_RESPONSE,
                DESCRIBE_CLUSTER_REQUEST,
                DESCRIBE_CLUSTER_RESPONSE);
    }
}
