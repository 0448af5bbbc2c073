package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.ClassicGroup.MemberMetadata;
import io.gregor.broker.group.ClassicGroup.SyncResult;
import io.gregor.broker.metadata.AuthorizedOperations;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DeleteGroupsRequest;
import io.gregor.clients.protocol.schemas.DeleteGroupsResponse;
import io.gregor.clients.protocol.schemas.DeleteGroupsResponse.Results;
import io.gregor.clients.protocol.schemas.DescribeGroupsRequest;
import io.gregor.clients.protocol.schemas.DescribeGroupsResponse;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import io.gregor.clients.protocol.schemas.JoinGroupRequest;
import io.gregor.clients.protocol.schemas.JoinGroupRequest.Protocols;
import io.gregor.clients.protocol.schemas.JoinGroupResponse;
import io.gregor.clients.protocol.schemas.LeaveGroupRequest;
import io.gregor.clients.protocol.schemas.LeaveGroupResponse;
import io.gregor.clients.protocol.schemas.ListGroupsRequest;
import io.gregor.clients.protocol.schemas.ListGroupsResponse;
import io.gregor.clients.protocol.schemas.SyncGroupRequest;
import io.gregor.clients.protocol.schemas.SyncGroupRequest.Assignments;
import io.gregor.clients.protocol.schemas.SyncGroupResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup v0-9, SyncGroup v0-5, Heartbeat v0-4, LeaveGroup v0-5, ListGroups v0-5,
 * DescribeGroups v0-5 and DeleteGroups v0-2 over {@link ClassicGroups}; every group request is
 * first checked against the coordinator (NOT_COORDINATOR, INVALID_GROUP_ID for an empty id).
 */
final class MembershipHandlers {
    private final GroupCoordinator coordinator;
    private final ClassicGroups groups;

    MembershipHandlers(GroupCoordinator coordinator, ClassicGroups groups) {
        this.coordinator = coordinator;
        this.groups = groups;
    }

    void register(ApiHandlerRegistry registry) {
        registry.register(ApiKey.JOIN_GROUP, join());
        registry.register(ApiKey.SYNC_GROUP, sync());
        registry.register(ApiKey.HEARTBEAT, heartbeat());
        registry.register(ApiKey.LEAVE_GROUP, leave());
        registry.register(ApiKey.LIST_GROUPS, list());
        registry.register(ApiKey.DESCRIBE_GROUPS, describe());
        registry.register(ApiKey.DELETE_GROUPS, delete());
    }

    private Errors check(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        return coordinator.checkCoordinator(groupId);
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return new byte[0];
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private ApiHandler join() {
        return (context, request) -> {
            short version = context.apiVersion();
            String groupId = request.getString(JoinGroupRequest.GROUP_ID);
            Errors error = check(groupId);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(joinResponse(new JoinResult(error.code(), -1, null, null, "",
                        request.getString(JoinGroupRequest.MEMBER_ID), List.of())));
            }
            LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
            for (Struct p : request.getStructs(JoinGroupRequest.PROTOCOLS)) {
                protocols.putIfAbsent(p.getString(Protocols.NAME), bytes(p.getBytes(Protocols.METADATA)));
            }
            int session = request.getInt(JoinGroupRequest.SESSION_TIMEOUT_MS);
            ClassicGroups.JoinRequest r = new ClassicGroups.JoinRequest(groupId,
                    request.getString(JoinGroupRequest.MEMBER_ID),
                    version >= 5 ? request.getString(JoinGroupRequest.GROUP_INSTANCE_ID) : null, context.clientId(),
                    "/" + context.clientAddress().getAddress().getHostAddress(), session,
                    version >= 1 ? request.getInt(JoinGroupRequest.REBALANCE_TIMEOUT_MS) : session,
                            request.getString(JoinGroupRequest.PROTOCOL_TYPE),
                    protocols, version >= 4);
            return groups.join(r).thenApply(result -> joinResponse(result, version));
        };
    }

    private static Struct joinResponse(JoinResult r) {
        return joinResponse(r, (short) 0);
    }

    /**
     * A static leader that rejoined a Stable group keeps the current assignment: v9+ tells it to
     * skip the assignment; older versions get no member list, so it computes nothing to send.
     */
    private static Struct joinResponse(JoinResult r, short version) {
        List<MemberMetadata> members = r.skipAssignment() && version < 9 ? List.of() : r.members();
        Struct response = ApiMessages.response(ApiKey.JOIN_GROUP).newStruct()
                .set(JoinGroupResponse.ERROR_CODE, r.error()).set(JoinGroupResponse.GENERATION_ID, r.generation())
                .set(JoinGroupResponse.SKIP_ASSIGNMENT, r.skipAssignment())
                .set(JoinGroupResponse.PROTOCOL_TYPE, r.protocolType())
                .set(JoinGroupResponse.PROTOCOL_NAME, r.protocolName() == null ? "" : r.protocolName())
                .set(JoinGroupResponse.LEADER, r.leader() == null ? "" : r.leader())
                .set(JoinGroupResponse.MEMBER_ID, r.memberId() == null ? "" : r.memberId());
        for (MemberMetadata m : members) {
            response.addElement(JoinGroupResponse.MEMBERS).set(JoinGroupResponse.Members.MEMBER_ID, m.memberId())
                    .set(JoinGroupResponse.Members.GROUP_INSTANCE_ID, m.groupInstanceId())
                    .set(JoinGroupResponse.Members.METADATA,
                            ByteBuffer.wrap(m.metadata() == null ? new byte[0] : m.metadata()));
        }
        return response;
    }

    private ApiHandler sync() {
        return (context, request) -> {
            String groupId = request.getString(SyncGroupRequest.GROUP_ID);
            Errors error = check(groupId);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(syncResponse(new SyncResult(error.code(), null, null, new byte[0])));
            }
            Map<String, byte[]> assignments = new HashMap<>();
            for (Struct a : request.getStructs(SyncGroupRequest.ASSIGNMENTS)) {
                assignments.put(a.getString(Assignments.MEMBER_ID), bytes(a.getBytes(Assignments.ASSIGNMENT)));
            }
            String instanceId = context.apiVersion() >= 3 ? request.getString(SyncGroupRequest.GROUP_INSTANCE_ID) : null;
            return groups.sync(groupId, request.getInt(SyncGroupRequest.GENERATION_ID),
                    request.getString(SyncGroupRequest.MEMBER_ID), instanceId,
                            assignments)
                    .thenApply(MembershipHandlers::syncResponse);
        };
    }

    private static Struct syncResponse(SyncResult r) {
        return ApiMessages.response(ApiKey.SYNC_GROUP).newStruct().set(SyncGroupResponse.ERROR_CODE, r.error())
                .set(SyncGroupResponse.PROTOCOL_TYPE, r.protocolType())
                .set(SyncGroupResponse.PROTOCOL_NAME, r.protocolName())
                .set(SyncGroupResponse.ASSIGNMENT, ByteBuffer.wrap(r.assignment()));
    }

    private ApiHandler heartbeat() {
        return (context, request) -> {
            String groupId = request.getString(HeartbeatRequest.GROUP_ID);
            Errors error = check(groupId);
            if (error == Errors.NONE) {
                error = groups.heartbeat(groupId, request.getInt(HeartbeatRequest.GENERATION_ID),
                        request.getString(HeartbeatRequest.MEMBER_ID),
                        context.apiVersion() >= 3 ? request.getString(HeartbeatRequest.GROUP_INSTANCE_ID) : null);
            }
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set(HeartbeatResponse.ERROR_CODE, error.code()));
        };
    }

    private ApiHandler leave() {
        return (context, request) -> {
            short version = context.apiVersion();
            String groupId = request.getString(LeaveGroupRequest.GROUP_ID);
            Struct response = ApiMessages.response(ApiKey.LEAVE_GROUP).newStruct();
            Errors error = check(groupId);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(response.set(LeaveGroupResponse.ERROR_CODE, error.code()));
            }
            List<String[]> members = new ArrayList<>();
            if (version >= 3) {
                request.getStructs(LeaveGroupRequest.MEMBERS).forEach(m -> members.add(
                        new String[] {m.getString(LeaveGroupRequest.Members.MEMBER_ID),
                        m.getString(LeaveGroupRequest.Members.GROUP_INSTANCE_ID)}));
            } else {
                members.add(new String[] {request.getString(LeaveGroupRequest.MEMBER_ID), null});
            }
            List<Errors> errors = groups.leave(groupId, members);
            if (version >= 3) {
                response.set(LeaveGroupResponse.ERROR_CODE, Errors.NONE.code());
                for (int i = 0; i < members.size(); i++) {
                    response.addElement(LeaveGroupResponse.MEMBERS)
                            .set(LeaveGroupResponse.Members.MEMBER_ID, members.get(i)[0])
                            .set(LeaveGroupResponse.Members.GROUP_INSTANCE_ID, members.get(i)[1])
                            .set(LeaveGroupResponse.Members.ERROR_CODE, errors.get(i).code());
                }
            } else {
                response.set(LeaveGroupResponse.ERROR_CODE, errors.get(0).code());
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private ApiHandler list() {
        return (context, request) -> {
            short version = context.apiVersion();
            List<String> states = version >= 4 ? request.getArray(ListGroupsRequest.STATES_FILTER) : List.of();
            List<String> types = version >= 5 ? request.getArray(ListGroupsRequest.TYPES_FILTER) : List.of();
            Struct response = ApiMessages.response(ApiKey.LIST_GROUPS).newStruct()
                    .set(ListGroupsResponse.ERROR_CODE, Errors.NONE.code());
            List<GroupView> listed = new ArrayList<>(groups.list());
            Set<String> known = new HashSet<>();
            listed.forEach(g -> known.add(g.groupId()));
            coordinator.groupsWithOffsets().stream().filter(id -> !known.contains(id))
                    .forEach(id -> listed.add(GroupView.offsetsOnly(id)));
            for (GroupView g : listed) {
                if (coordinator.checkCoordinator(g.groupId()) != Errors.NONE) {
                    continue;
                }
                boolean stateOk = states.isEmpty() || states.stream().anyMatch(s -> s.equalsIgnoreCase(g.state()));
                boolean typeOk = types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase("classic"));
                if (stateOk && typeOk) {
                    response.addElement(ListGroupsResponse.GROUPS).set(ListGroupsResponse.Groups.GROUP_ID, g.groupId())
                            .set(ListGroupsResponse.Groups.PROTOCOL_TYPE, g.protocolType())
                            .set(ListGroupsResponse.Groups.GROUP_STATE, g.state())
                            .set(ListGroupsResponse.Groups.GROUP_TYPE, "classic");
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private ApiHandler describe() {
        return (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.DESCRIBE_GROUPS).newStruct();
            for (String groupId : request.<String>getArray(DescribeGroupsRequest.GROUPS)) {
                Struct g = response.addElement(DescribeGroupsResponse.GROUPS)
                        .set(DescribeGroupsResponse.Groups.GROUP_ID, groupId)
                        .set(DescribeGroupsResponse.Groups.AUTHORIZED_OPERATIONS, AuthorizedOperations.ifRequested(
                                context.apiVersion() >= 3
                                        && request.getBool(DescribeGroupsRequest.INCLUDE_AUTHORIZED_OPERATIONS),
                                AuthorizedOperations.GROUP));
                Errors error = check(groupId);
                if (error != Errors.NONE) {
                    g.set(DescribeGroupsResponse.Groups.ERROR_CODE, error.code())
                            .set(DescribeGroupsResponse.Groups.GROUP_STATE, "")
                            .set(DescribeGroupsResponse.Groups.PROTOCOL_TYPE, "")
                            .set(DescribeGroupsResponse.Groups.PROTOCOL_DATA, "");
                    continue;
                }
                GroupView view = groups.describe(groupId);
                if (view.state().equals("Dead") && !coordinator.fetchOffsets(groupId).offsets().isEmpty()) {
                    view = GroupView.offsetsOnly(groupId);
                }
                g.set(DescribeGroupsResponse.Groups.ERROR_CODE, Errors.NONE.code())
                        .set(DescribeGroupsResponse.Groups.GROUP_STATE, view.state())
                        .set(DescribeGroupsResponse.Groups.PROTOCOL_TYPE, view.protocolType())
                        .set(DescribeGroupsResponse.Groups.PROTOCOL_DATA, view.protocolName());
                for (GroupView.MemberView m : view.members()) {
                    g.addElement(DescribeGroupsResponse.Groups.MEMBERS)
                            .set(DescribeGroupsResponse.Groups.Members.MEMBER_ID, m.memberId())
                            .set(DescribeGroupsResponse.Groups.Members.GROUP_INSTANCE_ID, m.groupInstanceId())
                            .set(DescribeGroupsResponse.Groups.Members.CLIENT_ID, m.clientId())
                            .set(DescribeGroupsResponse.Groups.Members.CLIENT_HOST, m.clientHost())
                            .set(DescribeGroupsResponse.Groups.Members.MEMBER_METADATA,
                                    ByteBuffer.wrap(m.metadata() == null ? new byte[0] : m.metadata()))
                            .set(DescribeGroupsResponse.Groups.Members.MEMBER_ASSIGNMENT,
                                    ByteBuffer.wrap(m.assignment()));
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private ApiHandler delete() {
        return (context, request) -> {
            List<String> ids = request.getArray(DeleteGroupsRequest.GROUPS_NAMES);
            List<CompletableFuture<Errors>> results = new ArrayList<>();
            for (String groupId : ids) {
                Errors error = check(groupId);
                if (error != Errors.NONE) {
                    results.add(CompletableFuture.completedFuture(error));
                    continue;
                }
                Errors membership = groups.delete(groupId);
                results.add(membership == Errors.NON_EMPTY_GROUP ? CompletableFuture.completedFuture(membership)
                        : coordinator.deleteGroup(groupId, membership == Errors.NONE));
            }
            return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                Struct response = ApiMessages.response(ApiKey.DELETE_GROUPS).newStruct();
                for (int i = 0; i < ids.size(); i++) {
                    response.addElement(DeleteGroupsResponse.RESULTS).set(Results.GROUP_ID, ids.get(i))
                            .set(Results.ERROR_CODE, results.get(i).join().code());
                }
                return response;
            });
        };
    }
}
