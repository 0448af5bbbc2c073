package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.ClassicGroup.MemberMetadata;
import io.gregor.broker.group.ClassicGroup.SyncResult;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
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
            String groupId = request.getString("GroupId");
            Errors error = check(groupId);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(joinResponse(new JoinResult(error.code(), -1, null, null, "",
                        request.getString("MemberId"), List.of())));
            }
            LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
            for (Struct p : request.getStructs("Protocols")) {
                protocols.putIfAbsent(p.getString("Name"), bytes(p.getBytes("Metadata")));
            }
            int session = request.getInt("SessionTimeoutMs");
            ClassicGroups.JoinRequest r = new ClassicGroups.JoinRequest(groupId, request.getString("MemberId"),
                    version >= 5 ? request.getString("GroupInstanceId") : null, context.clientId(),
                    "/" + context.clientAddress().getAddress().getHostAddress(), session,
                    version >= 1 ? request.getInt("RebalanceTimeoutMs") : session, request.getString("ProtocolType"),
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
                .set("ErrorCode", r.error()).set("GenerationId", r.generation())
                .set("SkipAssignment", r.skipAssignment())
                .set("ProtocolType", r.protocolType())
                .set("ProtocolName", r.protocolName() == null ? "" : r.protocolName())
                .set("Leader", r.leader() == null ? "" : r.leader())
                .set("MemberId", r.memberId() == null ? "" : r.memberId());
        for (MemberMetadata m : members) {
            response.addElement("Members").set("MemberId", m.memberId()).set("GroupInstanceId", m.groupInstanceId())
                    .set("Metadata", ByteBuffer.wrap(m.metadata() == null ? new byte[0] : m.metadata()));
        }
        return response;
    }

    private ApiHandler sync() {
        return (context, request) -> {
            String groupId = request.getString("GroupId");
            Errors error = check(groupId);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(syncResponse(new SyncResult(error.code(), null, null, new byte[0])));
            }
            Map<String, byte[]> assignments = new HashMap<>();
            for (Struct a : request.getStructs("Assignments")) {
                assignments.put(a.getString("MemberId"), bytes(a.getBytes("Assignment")));
            }
            String instanceId = context.apiVersion() >= 3 ? request.getString("GroupInstanceId") : null;
            return groups.sync(groupId, request.getInt("GenerationId"), request.getString("MemberId"), instanceId,
                            assignments)
                    .thenApply(MembershipHandlers::syncResponse);
        };
    }

    private static Struct syncResponse(SyncResult r) {
        return ApiMessages.response(ApiKey.SYNC_GROUP).newStruct().set("ErrorCode", r.error())
                .set("ProtocolType", r.protocolType()).set("ProtocolName", r.protocolName())
                .set("Assignment", ByteBuffer.wrap(r.assignment()));
    }

    private ApiHandler heartbeat() {
        return (context, request) -> {
            String groupId = request.getString("GroupId");
            Errors error = check(groupId);
            if (error == Errors.NONE) {
                error = groups.heartbeat(groupId, request.getInt("GenerationId"), request.getString("MemberId"),
                        context.apiVersion() >= 3 ? request.getString("GroupInstanceId") : null);
            }
            return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.HEARTBEAT).newStruct()
                    .set("ErrorCode", error.code()));
        };
    }

    private ApiHandler leave() {
        return (context, request) -> {
            short version = context.apiVersion();
            String groupId = request.getString("GroupId");
            Struct response = ApiMessages.response(ApiKey.LEAVE_GROUP).newStruct();
            Errors error = check(groupId);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(response.set("ErrorCode", error.code()));
            }
            List<String[]> members = new ArrayList<>();
            if (version >= 3) {
                request.getStructs("Members").forEach(m -> members.add(
                        new String[] {m.getString("MemberId"), m.getString("GroupInstanceId")}));
            } else {
                members.add(new String[] {request.getString("MemberId"), null});
            }
            List<Errors> errors = groups.leave(groupId, members);
            if (version >= 3) {
                response.set("ErrorCode", Errors.NONE.code());
                for (int i = 0; i < members.size(); i++) {
                    response.addElement("Members").set("MemberId", members.get(i)[0])
                            .set("GroupInstanceId", members.get(i)[1]).set("ErrorCode", errors.get(i).code());
                }
            } else {
                response.set("ErrorCode", errors.get(0).code());
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private ApiHandler list() {
        return (context, request) -> {
            short version = context.apiVersion();
            List<String> states = version >= 4 ? request.getArray("StatesFilter") : List.of();
            List<String> types = version >= 5 ? request.getArray("TypesFilter") : List.of();
            Struct response = ApiMessages.response(ApiKey.LIST_GROUPS).newStruct().set("ErrorCode", Errors.NONE.code());
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
                    response.addElement("Groups").set("GroupId", g.groupId()).set("ProtocolType", g.protocolType())
                            .set("GroupState", g.state()).set("GroupType", "classic");
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private ApiHandler describe() {
        return (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.DESCRIBE_GROUPS).newStruct();
            for (String groupId : request.<String>getArray("Groups")) {
                Struct g = response.addElement("Groups").set("GroupId", groupId);
                Errors error = check(groupId);
                if (error != Errors.NONE) {
                    g.set("ErrorCode", error.code()).set("GroupState", "").set("ProtocolType", "").set("ProtocolData", "");
                    continue;
                }
                GroupView view = groups.describe(groupId);
                if (view.state().equals("Dead") && !coordinator.fetchOffsets(groupId).offsets().isEmpty()) {
                    view = GroupView.offsetsOnly(groupId);
                }
                g.set("ErrorCode", Errors.NONE.code()).set("GroupState", view.state())
                        .set("ProtocolType", view.protocolType()).set("ProtocolData", view.protocolName());
                for (GroupView.MemberView m : view.members()) {
                    g.addElement("Members").set("MemberId", m.memberId()).set("GroupInstanceId", m.groupInstanceId())
                            .set("ClientId", m.clientId()).set("ClientHost", m.clientHost())
                            .set("MemberMetadata", ByteBuffer.wrap(m.metadata() == null ? new byte[0] : m.metadata()))
                            .set("MemberAssignment", ByteBuffer.wrap(m.assignment()));
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private ApiHandler delete() {
        return (context, request) -> {
            List<String> ids = request.getArray("GroupsNames");
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
                    response.addElement("Results").set("GroupId", ids.get(i)).set("ErrorCode", results.get(i).join().code());
                }
                return response;
            });
        };
    }
}
