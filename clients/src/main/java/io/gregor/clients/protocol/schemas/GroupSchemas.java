package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * Schemas of the consumer group APIs a group coordinator answers: offset commit and fetch,
 * coordinator lookup, the join/sync/heartbeat/leave membership protocol, and group listing,
 * description and deletion. Field names, types, versions, nullability and defaults follow Kafka's
 * message specs.
 */
public final class GroupSchemas {
    private GroupSchemas() {
    }

    public static final MessageSpec OFFSET_COMMIT_REQUEST = request(8, "OffsetCommitRequest", "0-9", "8+",
            field("GroupId", STRING, "0+"),
            field("GenerationIdOrMemberEpoch", INT32, "1+").withDefault(-1),
            field("MemberId", STRING, "1+"),
            field("GroupInstanceId", STRING, "7+").nullable("7+").withDefault(null),
            field("RetentionTimeMs", INT64, "2-4").withDefault(-1L),
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("CommittedOffset", INT64, "0+"),
                            field("CommittedLeaderEpoch", INT32, "6+").withDefault(-1),
                            field("CommitTimestamp", INT64, "1").withDefault(-1L),
                            field("CommittedMetadata", STRING, "0+").nullable("0+"))));

    public static final MessageSpec OFFSET_COMMIT_RESPONSE = response(8, "OffsetCommitResponse", "0-9", "8+",
            field("ThrottleTimeMs", INT32, "3+"),
            array("Topics", "0+",
                    field("Name", STRING, "0+"),
                    array("Partitions", "0+",
                            field("PartitionIndex", INT32, "0+"),
                            field("ErrorCode", INT16, "0+"))));

    public static final MessageSpec OFFSET_FETCH_REQUEST = request(9, "OffsetFetchRequest", "0-9", "6+",
            field("GroupId", STRING, "0-7"),
            array("Topics", "0-7",
                    field("Name", STRING, "0-7"),
                    field("PartitionIndexes", arrayOf(INT32), "0-7")).nullable("2-7"),
            array("Groups", "8+",
                    field("GroupId", STRING, "8+"),
                    field("MemberId", STRING, "9+").nullable("9+").withDefault(null),
                    field("MemberEpoch", INT32, "9+").withDefault(-1),
                    array("Topics", "8+",
                            field("Name", STRING, "8+"),
                            field("PartitionIndexes", arrayOf(INT32), "8+")).nullable("8+")),
            field("RequireStable", BOOL, "7+"));

    public static final MessageSpec OFFSET_FETCH_RESPONSE = response(9, "OffsetFetchResponse", "0-9", "6+",
            field("ThrottleTimeMs", INT32, "3+"),
            array("Topics", "0-7",
                    field("Name", STRING, "0-7"),
                    array("Partitions", "0-7",
                            field("PartitionIndex", INT32, "0-7"),
                            field("CommittedOffset", INT64, "0-7"),
                            field("CommittedLeaderEpoch", INT32, "5-7").withDefault(-1),
                            field("Metadata", STRING, "0-7").nullable("0-7"),
                            field("ErrorCode", INT16, "0-7"))),
            field("ErrorCode", INT16, "2-7"),
            array("Groups", "8+",
                    field("GroupId", STRING, "8+"),
                    array("Topics", "8+",
                            field("Name", STRING, "8+"),
                            array("Partitions", "8+",
                                    field("PartitionIndex", INT32, "8+"),
                                    field("CommittedOffset", INT64, "8+"),
                                    field("CommittedLeaderEpoch", INT32, "8+").withDefault(-1),
                                    field("Metadata", STRING, "8+").nullable("8+"),
                                    field("ErrorCode", INT16, "8+"))),
                    field("ErrorCode", INT16, "8+")));

    public static final MessageSpec FIND_COORDINATOR_REQUEST = request(10, "FindCoordinatorRequest", "0-6", "3+",
            field("Key", STRING, "0-3"),
            field("KeyType", INT8, "1+"),
            field("CoordinatorKeys", arrayOf(STRING), "4+"));

    public static final MessageSpec FIND_COORDINATOR_RESPONSE = response(10, "FindCoordinatorResponse", "0-6", "3+",
            field("ThrottleTimeMs", INT32, "1+"),
            field("ErrorCode", INT16, "0-3"),
            field("ErrorMessage", STRING, "1-3").nullable("1-3"),
            field("NodeId", INT32, "0-3"),
            field("Host", STRING, "0-3"),
            field("Port", INT32, "0-3"),
            array("Coordinators", "4+",
                    field("Key", STRING, "4+"),
                    field("NodeId", INT32, "4+"),
                    field("Host", STRING, "4+"),
                    field("Port", INT32, "4+"),
                    field("ErrorCode", INT16, "4+"),
                    field("ErrorMessage", STRING, "4+").nullable("4+")));

    public static final MessageSpec JOIN_GROUP_REQUEST = request(11, "JoinGroupRequest", "0-9", "6+",
            field("GroupId", STRING, "0+"),
            field("SessionTimeoutMs", INT32, "0+"),
            field("RebalanceTimeoutMs", INT32, "1+").withDefault(-1),
            field("MemberId", STRING, "0+"),
            field("GroupInstanceId", STRING, "5+").nullable("5+").withDefault(null),
            field("ProtocolType", STRING, "0+"),
            array("Protocols", "0+",
                    field("Name", STRING, "0+"),
                    field("Metadata", BYTES, "0+")),
            field("Reason", STRING, "8+").nullable("8+").withDefault(null));

    public static final MessageSpec JOIN_GROUP_RESPONSE = response(11, "JoinGroupResponse", "0-9", "6+",
            field("ThrottleTimeMs", INT32, "2+"),
            field("ErrorCode", INT16, "0+"),
            field("GenerationId", INT32, "0+").withDefault(-1),
            field("ProtocolType", STRING, "7+").nullable("7+").withDefault(null),
            field("ProtocolName", STRING, "0+").nullable("7+"),
            field("Leader", STRING, "0+"),
            field("SkipAssignment", BOOL, "9+"),
            field("MemberId", STRING, "0+"),
            array("Members", "0+",
                    field("MemberId", STRING, "0+"),
                    field("GroupInstanceId", STRING, "5+").nullable("5+").withDefault(null),
                    field("Metadata", BYTES, "0+")));

    public static final MessageSpec HEARTBEAT_REQUEST = request(12, "HeartbeatRequest", "0-4", "4+",
            field("GroupId", STRING, "0+"),
            field("GenerationId", INT32, "0+"),
            field("MemberId", STRING, "0+"),
            field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null));

    public static final MessageSpec HEARTBEAT_RESPONSE = response(12, "HeartbeatResponse", "0-4", "4+",
            field("ThrottleTimeMs", INT32, "1+"),
            field("ErrorCode", INT16, "0+"));

    public static final MessageSpec LEAVE_GROUP_REQUEST = request(13, "LeaveGroupRequest", "0-5", "4+",
            field("GroupId", STRING, "0+"),
            field("MemberId", STRING, "0-2"),
            array("Members", "3+",
                    field("MemberId", STRING, "3+"),
                    field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null),
                    field("Reason", STRING, "5+").nullable("5+").withDefault(null)));

    public static final MessageSpec LEAVE_GROUP_RESPONSE = response(13, "LeaveGroupResponse", "0-5", "4+",
            field("ThrottleTimeMs", INT32, "1+"),
            field("ErrorCode", INT16, "0+"),
            array("Members", "3+",
                    field("MemberId", STRING, "3+"),
                    field("GroupInstanceId", STRING, "3+").nullable("3+"),
                    field("ErrorCode", INT16, "3+")));

    public static final MessageSpec SYNC_GROUP_REQUEST = request(14, "SyncGroupRequest", "0-5", "4+",
            field("GroupId", STRING, "0+"),
            field("GenerationId", INT32, "0+"),
            field("MemberId", STRING, "0+"),
            field("GroupInstanceId", STRING, "3+").nullable("3+").withDefault(null),
            field("ProtocolType", STRING, "5+").nullable("5+").withDefault(null),
            field("ProtocolName", STRING, "5+").nullable("5+").withDefault(null),
            array("Assignments", "0+",
                    field("MemberId", STRING, "0+"),
                    field("Assignment", BYTES, "0+")));

    public static final MessageSpec SYNC_GROUP_RESPONSE = response(14, "SyncGroupResponse", "0-5", "4+",
            field("ThrottleTimeMs", INT32, "1+"),
            field("ErrorCode", INT16, "0+"),
            field("ProtocolType", STRING, "5+").nullable("5+").withDefault(null),
            field("ProtocolName", STRING, "5+").nullable("5+").withDefault(null),
            field("Assignment", BYTES, "0+"));

    public static final MessageSpec DESCRIBE_GROUPS_REQUEST = request(15, "DescribeGroupsRequest", "0-5", "5+",
            field("Groups", arrayOf(STRING), "0+"),
            field("IncludeAuthorizedOperations", BOOL, "3+"));

    public static final MessageSpec DESCRIBE_GROUPS_RESPONSE = response(15, "DescribeGroupsResponse", "0-5", "5+",
            field("ThrottleTimeMs", INT32, "1+"),
            array("Groups", "0+",
                    field("ErrorCode", INT16, "0+"),
                    field("GroupId", STRING, "0+"),
                    field("GroupState", STRING, "0+"),
                    field("ProtocolType", STRING, "0+"),
                    field("ProtocolData", STRING, "0+"),
                    array("Members", "0+",
                            field("MemberId", STRING, "0+"),
                            field("GroupInstanceId", STRING, "4+").nullable("4+").withDefault(null),
                            field("ClientId", STRING, "0+"),
                            field("ClientHost", STRING, "0+"),
                            field("MemberMetadata", BYTES, "0+"),
                            field("MemberAssignment", BYTES, "0+")),
                    field("AuthorizedOperations", INT32, "3+").withDefault(-2147483648)));

    public static final MessageSpec LIST_GROUPS_REQUEST = request(16, "ListGroupsRequest", "0-5", "3+",
            field("StatesFilter", arrayOf(STRING), "4+"),
            field("TypesFilter", arrayOf(STRING), "5+"));

    public static final MessageSpec LIST_GROUPS_RESPONSE = response(16, "ListGroupsResponse", "0-5", "3+",
            field("ThrottleTimeMs", INT32, "1+"),
            field("ErrorCode", INT16, "0+"),
            array("Groups", "0+",
                    field("GroupId", STRING, "0+"),
                    field("ProtocolType", STRING, "0+"),
                    field("GroupState", STRING, "4+"),
                    field("GroupType", STRING, "5+")));

    public static final MessageSpec DELETE_GROUPS_REQUEST = request(42, "DeleteGroupsRequest", "0-2", "2+",
            field("GroupsNames", arrayOf(STRING), "0+"));

    public static final MessageSpec DELETE_GROUPS_RESPONSE = response(42, "DeleteGroupsResponse", "0-2", "2+",
            field("ThrottleTimeMs", INT32, "0+"),
            array("Results", "0+",
                    field("GroupId", STRING, "0+"),
                    field("ErrorCode", INT16, "0+")));

    public static List<MessageSpec> all() {
        return List.of(
                OFFSET_COMMIT_REQUEST,
                OFFSET_COMMIT_RESPONSE,
                OFFSET_FETCH_REQUEST,
                OFFSET_FETCH_RESPONSE,
                FIND_COORDINATOR_REQUEST,
                FIND_COORDINATOR_RESPONSE,
                JOIN_GROUP_REQUEST,
                JOIN_GROUP_RESPONSE,
                HEARTBEAT_REQUEST,
                HEARTBEAT_RESPONSE,
                LEAVE_GROUP_REQUEST,
                LEAVE_GROUP_RESPONSE,
                SYNC_GROUP_REQUEST,
                SYNC_GROUP_RESPONSE,
                DESCRIBE_GROUPS_REQUEST,
                DESCRIBE_GROUPS_RESPONSE,
                LIST_GROUPS_REQUEST,
                LIST_GROUPS_RESPONSE,
                DELETE_GROUPS_REQUEST,
                DELETE_GROUPS_RESPONSE);
    }
}
