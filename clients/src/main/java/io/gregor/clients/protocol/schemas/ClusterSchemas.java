package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Schemas of the APIs a client uses to learn about the cluster: ApiVersions and Metadata. */
public final class ClusterSchemas {
    private ClusterSchemas() {
    }

    public static final MessageSpec API_VERSIONS_REQUEST = request(18, "ApiVersionsRequest", "0-4", "3+",
            field("ClientSoftwareName", STRING, "3+"),
            field("ClientSoftwareVersion", STRING, "3+"));

    public static final MessageSpec API_VERSIONS_RESPONSE = response(18, "ApiVersionsResponse", "0-4", "3+",
            field("ErrorCode", INT16, "0+"),
            array("ApiKeys", "0+",
                    field("ApiKey", INT16, "0+"),
                    field("MinVersion", INT16, "0+"),
                    field("MaxVersion", INT16, "0+")),
            field("ThrottleTimeMs", INT32, "1+"),
            array("SupportedFeatures", "3+",
                    field("Name", STRING, "3+"),
                    field("MinVersion", INT16, "3+"),
                    field("MaxVersion", INT16, "3+")).tagged(0, "3+"),
            field("FinalizedFeaturesEpoch", INT64, "3+").tagged(1, "3+").withDefault(-1L),
            array("FinalizedFeatures", "3+",
                    field("Name", STRING, "3+"),
                    field("MaxVersionLevel", INT16, "3+"),
                    field("MinVersionLevel", INT16, "3+")).tagged(2, "3+"),
            field("ZkMigrationReady", BOOL, "3+").tagged(3, "3+"));

    public static final MessageSpec METADATA_REQUEST = request(3, "MetadataRequest", "0-12", "9+",
            array("Topics", "0+",
                    field("TopicId", UUID, "10+"),
                    field("Name", STRING, "0+").nullable("10+")).nullable("1+"),
            field("AllowAutoTopicCreation", BOOL, "4+").withDefault(true),
            field("IncludeClusterAuthorizedOperations", BOOL, "8-10"),
            field("IncludeTopicAuthorizedOperations", BOOL, "8+"));

    public static final MessageSpec METADATA_RESPONSE = response(3, "MetadataResponse", "0-12", "9+",
            field("ThrottleTimeMs", INT32, "3+"),
            array("Brokers", "0+",
                    field("NodeId", INT32, "0+"),
                    field("Host", STRING, "0+"),
                    field("Port", INT32, "0+"),
                    field("Rack", STRING, "1+").nullable("1+").withDefault(null)),
            field("ClusterId", STRING, "2+").nullable("2+").withDefault(null),
            field("ControllerId", INT32, "1+").withDefault(-1),
            array("Topics", "0+",
                    field("ErrorCode", INT16, "0+"),
                    field("Name", STRING, "0+").nullable("12+"),
                    field("TopicId", UUID, "10+"),
                    field("IsInternal", BOOL, "1+"),
                    array("Partitions", "0+",
                            field("ErrorCode", INT16, "0+"),
                            field("PartitionIndex", INT32, "0+"),
                            field("LeaderId", INT32, "0+"),
                            field("LeaderEpoch", INT32, "7+").withDefault(-1),
                            field("ReplicaNodes", arrayOf(INT32), "0+"),
                            field("IsrNodes", arrayOf(INT32), "0+"),
                            field("OfflineReplicas", arrayOf(INT32), "5+")),
                    field("TopicAuthorizedOperations", INT32, "8+").withDefault(-2147483648)),
            field("ClusterAuthorizedOperations", INT32, "8-10").withDefault(-2147483648));

    public static List<MessageSpec> all() {
        return List.of(
                API_VERSIONS_REQUEST,
                API_VERSIONS_RESPONSE,
                METADATA_REQUEST,
                METADATA_RESPONSE);
    }
}
