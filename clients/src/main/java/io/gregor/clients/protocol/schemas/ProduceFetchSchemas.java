package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** Schemas of the data-path APIs: Produce, Fetch, ListOffsets and OffsetForLeaderEpoch. */
public final class ProduceFetchSchemas {
    private ProduceFetchSchemas() {
    }

    public static final MessageSpec PRODUCE_REQUEST = request(0, "ProduceRequest", "0-11", "9+",
            field("TransactionalId", STRING, "3+").nullable("3+").withDefault(null),
            field("Acks", INT16, "0+"),
            field("TimeoutMs", INT32, "0+"),
            array("TopicData", "0+",
                    field("Name", STRING, "0+"),
                    array("PartitionData", "0+",
                            field("Index", INT32, "0+"),
                            field("Records", RECORDS, "0+").nullable("0+"))));

    public static final MessageSpec PRODUCE_RESPONSE = response(0, "ProduceResponse", "0-11", "9+",
            array("Responses", "0+",
                    field("Name", STRING, "0+"),
                    array("PartitionResponses", "0+",
                            field("Index", INT32, "0+"),
                            field("ErrorCode", INT16, "0+"),
                            field("BaseOffset", INT64, "0+"),
                            field("LogAppendTimeMs", INT64, "2+").withDefault(-1L),
                            field("LogStartOffset", INT64, "5+").withDefault(-1L),
                            array("RecordErrors", "8+",
                                    field("BatchIndex", INT32, "8+"),
                                    field("BatchIndexErrorMessage", STRING, "8+").nullable("8+").withDefault(null)),
                            field("ErrorMessage", STRING, "8+").nullable("8+").withDefault(null),
                            struct("CurrentLeader", "10+",
                                    field("LeaderId", INT32, "10+").withDefault(-1),
                                    field("LeaderEpoch", INT32, "10+").withDefault(-1)).tagged(0, "10+"))),
            field("ThrottleTimeMs", INT32, "1+"),
            array("NodeEndpoints", "10+",
                    field("NodeId", INT32, "10+"),
                    field("Host", STRING, "10+"),
                    field("Port", INT32, "10+"),
                    field("Rack", STRING, "10+").nullable("10+").withDefault(null)).tagged(0, "10+"));

    public static final MessageSpec FETCH_REQUEST = request(1, "FetchRequest", "0-17", "12+",
            field("ClusterId", STRING, "12+").nullable("12+").tagged(0, "12+").withDefault(null),
            field("ReplicaId", INT32, "0-14").withDefault(-1),
            struct("ReplicaState", "15+",
                    field("ReplicaId", INT32, "15+").withDefault(-1),
                    field("ReplicaEpoch", INT64, "15+").withDefault(-1L)).tagged(1, "15+"),
            field("MaxWaitMs", INT32, "0+"),
            field("MinBytes", INT32, "0+"),
            field("MaxBytes", INT32, "3+").withDefault(2147483647),
            field("IsolationLevel", INT8, "4+"),
            field("SessionId", INT32, "7+"),
            field("SessionEpoch", INT32, "7+").withDefault(-1),
            array("Topics", "0+",
                    field("Topic", STRING, "0-12"),
                    field("TopicId", UUID, "13+"),
                    array("Partitions", "0+",
                            field("Partition", INT32, "0+"),
                            field("CurrentLeaderEpoch", INT32, "9+").withDefault(-1),
                            field("FetchOffset", INT64, "0+"),
                            field("LastFetchedEpoch", INT32, "12+").withDefault(-1),
                            field("LogStartOffset", INT64, "5+").withDefault(-1L),
                            field("PartitionMaxBytes", INT32, "0+"),
                            field("ReplicaDirectoryId", UUID, "17+").tagged(0, "17+"))),
            array("ForgottenTopicsData", "7+",
                    field("Topic", STRING, "7-12"),
                    field("TopicId", UUID, "13+"),
                    field("Partitions", arrayOf(INT32), "7+")),
            field("RackId", STRING, "11+"));

    public static final MessageSpec FETCH_RESPONSE = response(1, "FetchResponse", "0-17", "12+",
            field("ThrottleTimeMs", INT32, "1+"),
            field("ErrorCode", INT16, "7+"),
            field("SessionId", INT32, "7+"),
            array("Responses", "0+",
                    field("Topic", STRING, "0-12"),
                    field("TopicId", UUID, "13+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("ErrorCode", INT16, "0+"),
                            field("HighWatermark", INT64, "0+"),
                            field("LastStableOffset", INT64, "4+").withDefault(-1L),
                            field("LogStartOffset", INT64, "5+").withDefault(-1L),
                            struct("DivergingEpoch", "12+",
                                    field("Epoch", INT32, "12+").withDefault(-1),
                                    field("EndOffset", INT64, "12+").withDefault(-1L)).tagged(0, "12+"),
                            struct("CurrentLeader", "12+",
                                    field("LeaderId", INT32, "12+").withDefault(-1),
                                    field("LeaderEpoch", INT32, "12+").withDefault(-1)).tagged(1, "12+"),
                            struct("SnapshotId", "12+",
                                    field("EndOffset", INT64, "0+").withDefault(-1L),
                                    field("Epoch", INT32, "0+").withDefault(-1)).tagged(2, "12+"),
                            array("AbortedTransactions", "4+",
                                    field("ProducerId", INT64, "4+"),
                                    field("FirstOffset", INT64, "4+")).nullable("4+"),
                            field("PreferredReadReplica", INT32, "11+").withDefault(-1),
                            field("Records", RECORDS, "0+").nullable("0+"))),
            array("NodeEndpoints", "16+",
                    field("NodeId", INT32, "16+"),
                    field("Host", STRING, "16+"),
                    field("Port", INT32, "16+"),
                    field("Rack", STRING, "16+").nullable("16+").withDefault(null)).tagged(0, "16+"));

    public static final MessageSpec LIST_OFFSETS_REQUEST = request(2, "ListOffsetsRequest", "0-9", "6+",
            field("ReplicaId", INT32, "0+"),
            field("IsolationLevel", INT8, "2+"),
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("CurrentLeaderEpoch", INT32, "4+").withDefault(-1),
                            field("Timestamp", INT64, "0+"),
                            field("MaxNumOffsets", INT32, "0").withDefault(1))));

    public static final MessageSpec LIST_OFFSETS_RESPONSE = response(2, "ListOffsetsResponse", "0-9", "6+",
            field("ThrottleTimeMs", INT32, "2+"),
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("ErrorCode", INT16, "0+"),
                            field("OldStyleOffsets", arrayOf(INT64), "0"),
                            field("Timestamp", INT64, "1+").withDefault(-1L),
                            field("Offset", INT64, "1+").withDefault(-1L),
                            field("LeaderEpoch", INT32, "4+").withDefault(-1))));

    public static final MessageSpec OFFSET_FOR_LEADER_EPOCH_REQUEST = request(23, "OffsetForLeaderEpochRequest", "0-4", "4+",
            field("ReplicaId", INT32, "3+").withDefault(-2),
            array("Topics", "0+",
                    field("Topic", STRING, "0+"),
                    array("Partitions", "0+",
                            field("Partition", INT32, "0+"),
                            field("CurrentLeaderEpoch", INT32, "2+").withDefault(-1),
                            field("LeaderEpoch", INT32, "0+"))));

    public static final MessageSpec OFFSET_FOR_LEADER_EPOCH_RESPONSE = response(23, "OffsetForLeaderEpochResponse", "0-4", "4+",
            field("ThrottleTimeMs", INT32, "2+"),
            array("Topics", "0+",
                    field("Topic", STRING, "0+"),
                    array("Partitions", "0+",
                            field("ErrorCode", INT16, "0+"),
                            field("Partition", INT32, "0+"),
                            field("LeaderEpoch", INT32, "1+").withDefault(-1),
                            field("EndOffset", INT64, "0+").withDefault(-1L))));

    public static List<MessageSpec> all() {
        return List.of(
                PRODUCE_REQUEST,
                PRODUCE_RESPONSE,
                FETCH_REQUEST,
                FETCH_RESPONSE,
                LIST_OFFSETS_REQUEST,
                LIST_OFFSETS_RESPONSE,
                OFFSET_FOR_LEADER_EPOCH_REQUEST,
                OFFSET_FOR_LEADER_EPOCH_RESPONSE);
    }
}
