package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/**
 * Schemas of the consumer group APIs a group coordinator answers: offset commit and fetch,
 * coordinator lookup, the join/sync/heartbeat/leave membership protocol, and group listing,
 * description and deletion, and offset deletion. Field names, types, versions, nullability and defaults follow Kafka's
 * message specs.
 */
public final class GroupSchemas {
    private GroupSchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                OffsetCommitRequest.SPEC,
                OffsetCommitResponse.SPEC,
                OffsetFetchRequest.SPEC,
                OffsetFetchResponse.SPEC,
                FindCoordinatorRequest.SPEC,
                FindCoordinatorResponse.SPEC,
                JoinGroupRequest.SPEC,
                JoinGroupResponse.SPEC,
                HeartbeatRequest.SPEC,
                HeartbeatResponse.SPEC,
                LeaveGroupRequest.SPEC,
                LeaveGroupResponse.SPEC,
                SyncGroupRequest.SPEC,
                SyncGroupResponse.SPEC,
                DescribeGroupsRequest.SPEC,
                DescribeGroupsResponse.SPEC,
                ListGroupsRequest.SPEC,
                ListGroupsResponse.SPEC,
                DeleteGroupsRequest.SPEC,
                DeleteGroupsResponse.SPEC,
                OffsetDeleteRequest.SPEC,
                OffsetDeleteResponse.SPEC);
    }
}
