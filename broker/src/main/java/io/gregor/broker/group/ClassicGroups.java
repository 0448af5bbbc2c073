package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.ClassicGroup.Member;
import io.gregor.broker.group.ClassicGroup.MemberMetadata;
import io.gregor.broker.group.ClassicGroup.State;
import io.gregor.broker.group.ClassicGroup.SyncResult;
import io.gregor.clients.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Classic group membership (in memory): JoinGroup with KIP-394 member ids, the join phase ending
 * when every member has rejoined or at the rebalance timeout (new groups wait
 * {@code group.initial.rebalance.delay.ms}), the leader's SyncGroup assignments handed to every
 * member, heartbeats, session-timeout expiry and LeaveGroup. One lock guards every group; delayed
 * answers complete their futures outside request threads.
 */
public final class ClassicGroups implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final int initialRebalanceDelayMs;
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final ScheduledFuture<?> expiryTask;

    public ClassicGroups(ScheduledExecutorService scheduler, LongSupplier clock, int initialRebalanceDelayMs,
                         long expiryCheckIntervalMs) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        this.expiryTask = scheduler.scheduleWithFixedDelay(this::expireMembers, expiryCheckIntervalMs,
                expiryCheckIntervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        expiryTask.cancel(false);
    }

    record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
                       int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                       LinkedHashMap<String, byte[]> protocols, boolean requireKnownMemberId) {
    }

    private static JoinResult joinError(Errors e, String memberId) {
        return new JoinResult(e.code(), -1, null, null, "", memberId, List.of());
    }

    public synchronized CompletableFuture<JoinResult> join(JoinRequest r) {
        ClassicGroup existing = groups.get(r.groupId());
        if (existing == null) {
            if (!r.memberId().isEmpty()) {
                return CompletableFuture.completedFuture(joinError(Errors.UNKNOWN_MEMBER_ID, r.memberId()));
            }
            existing = new ClassicGroup(r.groupId());
            groups.put(r.groupId(), existing);
        }
        ClassicGroup g = existing;
        if (!g.supports(r.protocolType(), r.protocols().keySet())) {
            return CompletableFuture.completedFuture(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, r.memberId()));
        }
        long now = clock.getAsLong();
        Member member;
        if (r.memberId().isEmpty()) {
            String newId = (r.groupInstanceId() != null ? r.groupInstanceId() : r.clientId()) + "-" + UUID.randomUUID();
            if (r.requireKnownMemberId() && r.groupInstanceId() == null) {
                g.pendingMemberIds.put(newId, now + r.sessionTimeoutMs());
                return CompletableFuture.completedFuture(joinError(Errors.MEMBER_ID_REQUIRED, newId));
            }
            if (r.groupInstanceId() != null) {
                g.members.values().stream().filter(m -> r.groupInstanceId().equals(m.groupInstanceId)).findFirst()
                        .ifPresent(old -> {
                            removeMember(old, Errors.FENCED_INSTANCE_ID);
                            g.members.remove(old.memberId);
                        });
            }
            member = new Member(newId, r.groupInstanceId(), r.clientId(), r.clientHost());
            g.members.put(newId, member);
        } else if (g.members.containsKey(r.memberId())) {
            member = g.members.get(r.memberId());
        } else if (g.pendingMemberIds.remove(r.memberId()) != null) {
            member = new Member(r.memberId(), r.groupInstanceId(), r.clientId(), r.clientHost());
            g.members.put(r.memberId(), member);
        } else {
            return CompletableFuture.completedFuture(joinError(Errors.UNKNOWN_MEMBER_ID, r.memberId()));
        }
        if (g.protocolType == null) {
            g.protocolType = r.protocolType();
        }
        member.sessionTimeoutMs = r.sessionTimeoutMs();
        member.rebalanceTimeoutMs = r.rebalanceTimeoutMs() < 0 ? r.sessionTimeoutMs() : r.rebalanceTimeoutMs();
        member.protocols = r.protocols();
        member.lastHeartbeatMs = now;
        if (member.pendingJoin != null) {
            member.pendingJoin.complete(joinError(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        }
        CompletableFuture<JoinResult> future = new CompletableFuture<>();
        member.pendingJoin = future;
        if (g.state != State.PREPARING_REBALANCE) {
            prepareRebalance(g);
        }
        tryCompleteJoin(g);
        return future;
    }

    private void prepareRebalance(ClassicGroup g) {
        for (Member m : g.members.values()) {
            if (m.pendingSync != null) {
                m.pendingSync.complete(new SyncResult(Errors.REBALANCE_IN_PROGRESS.code(), null, null, new byte[0]));
                m.pendingSync = null;
            }
        }
        boolean initial = g.state == State.EMPTY && !g.newGroupDelayPassed;
        g.state = State.PREPARING_REBALANCE;
        long delay = initial ? initialRebalanceDelayMs : g.rebalanceTimeoutMs();
        g.newGroupDelayPassed = !initial || initialRebalanceDelayMs == 0;
        if (g.rebalanceTimer != null) {
            g.rebalanceTimer.cancel(false);
        }
        g.rebalanceTimer = scheduler.schedule(() -> onRebalanceTimer(g, initial), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void onRebalanceTimer(ClassicGroup g, boolean initial) {
        if (g.state != State.PREPARING_REBALANCE || groups.get(g.groupId) != g) {
            return;
        }
        if (initial) {
            g.newGroupDelayPassed = true;
            if (!allJoined(g)) {
                g.rebalanceTimer = scheduler.schedule(() -> onRebalanceTimer(g, false), g.rebalanceTimeoutMs(),
                        TimeUnit.MILLISECONDS);
                return;
            }
        }
        completeJoin(g);
    }

    private static boolean allJoined(ClassicGroup g) {
        return g.members.values().stream().allMatch(m -> m.pendingJoin != null) && g.pendingMemberIds.isEmpty();
    }

    private void tryCompleteJoin(ClassicGroup g) {
        if (g.state == State.PREPARING_REBALANCE && g.newGroupDelayPassed && allJoined(g)) {
            completeJoin(g);
        }
    }

    private void completeJoin(ClassicGroup g) {
        if (g.rebalanceTimer != null) {
            g.rebalanceTimer.cancel(false);
            g.rebalanceTimer = null;
        }
        g.members.values().removeIf(m -> m.pendingJoin == null);
        g.pendingMemberIds.clear();
        g.generation++;
        if (g.members.isEmpty()) {
            g.state = State.EMPTY;
            g.protocolName = null;
            g.leaderId = null;
            return;
        }
        g.protocolName = g.selectProtocol();
        if (g.leaderId == null || !g.members.containsKey(g.leaderId)) {
            g.leaderId = g.members.keySet().iterator().next();
        }
        g.state = State.COMPLETING_REBALANCE;
        List<MemberMetadata> all = new ArrayList<>();
        g.members.values().forEach(m -> all.add(new MemberMetadata(m.memberId, m.groupInstanceId, m.protocols.get(g.protocolName))));
        long now = clock.getAsLong();
        for (Member m : g.members.values()) {
            m.assignment = new byte[0];
            m.lastHeartbeatMs = now;
            CompletableFuture<JoinResult> f = m.pendingJoin;
            m.pendingJoin = null;
            f.complete(new JoinResult(Errors.NONE.code(), g.generation, g.protocolType, g.protocolName, g.leaderId,
                    m.memberId, m.memberId.equals(g.leaderId) ? all : List.of()));
        }
    }

    public synchronized CompletableFuture<SyncResult> sync(String groupId, int generation, String memberId,
                                                           Map<String, byte[]> assignments) {
        ClassicGroup g = groups.get(groupId);
        Member m = g == null ? null : g.members.get(memberId);
        if (m == null) {
            return CompletableFuture.completedFuture(new SyncResult(Errors.UNKNOWN_MEMBER_ID.code(), null, null, new byte[0]));
        }
        if (generation != g.generation) {
            return CompletableFuture.completedFuture(new SyncResult(Errors.ILLEGAL_GENERATION.code(), null, null, new byte[0]));
        }
        m.lastHeartbeatMs = clock.getAsLong();
        switch (g.state) {
            case COMPLETING_REBALANCE -> {
                CompletableFuture<SyncResult> f = new CompletableFuture<>();
                m.pendingSync = f;
                if (memberId.equals(g.leaderId)) {
                    for (Member each : g.members.values()) {
                        byte[] a = assignments.get(each.memberId);
                        each.assignment = a == null ? new byte[0] : a;
                    }
                    g.state = State.STABLE;
                    for (Member each : g.members.values()) {
                        if (each.pendingSync != null) {
                            each.pendingSync.complete(new SyncResult(Errors.NONE.code(), g.protocolType, g.protocolName,
                                    each.assignment));
                            each.pendingSync = null;
                        }
                    }
                }
                return f;
            }
            case STABLE -> {
                return CompletableFuture.completedFuture(new SyncResult(Errors.NONE.code(), g.protocolType,
                        g.protocolName, m.assignment));
            }
            default -> {
                return CompletableFuture.completedFuture(new SyncResult(Errors.REBALANCE_IN_PROGRESS.code(), null, null,
                        new byte[0]));
            }
        }
    }

    public synchronized Errors heartbeat(String groupId, int generation, String memberId) {
        ClassicGroup g = groups.get(groupId);
        Member m = g == null ? null : g.members.get(memberId);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        m.lastHeartbeatMs = clock.getAsLong();
        if (g.state == State.PREPARING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        if (generation != g.generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    /** Removes each (memberId or, when empty, groupInstanceId) from the group; per-member errors in order. */
    public synchronized List<Errors> leave(String groupId, List<String[]> members) {
        ClassicGroup g = groups.get(groupId);
        List<Errors> out = new ArrayList<>();
        for (String[] idAndInstance : members) {
            Member m = null;
            if (g != null) {
                m = g.members.get(idAndInstance[0]);
                if (m == null && idAndInstance[1] != null) {
                    m = g.members.values().stream().filter(x -> idAndInstance[1].equals(x.groupInstanceId))
                            .findFirst().orElse(null);
                }
            }
            if (m == null) {
                out.add(Errors.UNKNOWN_MEMBER_ID);
                continue;
            }
            removeMember(m, Errors.UNKNOWN_MEMBER_ID);
            g.members.remove(m.memberId);
            onMembershipChange(g);
            out.add(Errors.NONE);
        }
        return out;
    }

    private static void removeMember(Member m, Errors answer) {
        if (m.pendingJoin != null) {
            m.pendingJoin.complete(joinError(answer, m.memberId));
        }
        if (m.pendingSync != null) {
            m.pendingSync.complete(new SyncResult(answer.code(), null, null, new byte[0]));
        }
        m.pendingJoin = null;
        m.pendingSync = null;
    }

    private void expireMembers() {
        synchronized (this) {
            long now = clock.getAsLong();
            for (ClassicGroup g : groups.values()) {
                g.pendingMemberIds.values().removeIf(deadline -> deadline < now);
                List<Member> expired = new ArrayList<>();
                for (Member m : g.members.values()) {
                    boolean awaitingJoin = g.state == State.PREPARING_REBALANCE && m.pendingJoin != null;
                    if (!awaitingJoin && now - m.lastHeartbeatMs > m.sessionTimeoutMs) {
                        expired.add(m);
                    }
                }
                for (Member m : expired) {
                    removeMember(m, Errors.UNKNOWN_MEMBER_ID);
                    g.members.remove(m.memberId);
                    onMembershipChange(g);
                }
                if (expired.isEmpty() && g.state == State.PREPARING_REBALANCE) {
                    tryCompleteJoin(g);
                }
            }
        }
    }

    private void onMembershipChange(ClassicGroup g) {
        switch (g.state) {
            case STABLE, COMPLETING_REBALANCE -> {
                if (g.members.isEmpty()) {
                    completeJoin(g);
                } else {
                    prepareRebalance(g);
                }
            }
            case PREPARING_REBALANCE -> tryCompleteJoin(g);
            default -> { }
        }
    }

    /** A snapshot of a group for DescribeGroups/ListGroups. */
    public record GroupView(String groupId, String state, String protocolType, String protocolName,
                            List<MemberView> members) {
    }

    public record MemberView(String memberId, String groupInstanceId, String clientId, String clientHost,
                             byte[] metadata, byte[] assignment) {
    }

    /** The group's view, or a "Dead" view with no members if it is unknown. */
    public synchronized GroupView describe(String groupId) {
        ClassicGroup g = groups.get(groupId);
        if (g == null) {
            return new GroupView(groupId, "Dead", "", "", List.of());
        }
        List<MemberView> members = new ArrayList<>();
        boolean stable = g.state == State.STABLE;
        for (Member m : g.members.values()) {
            members.add(new MemberView(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    stable && g.protocolName != null ? m.protocols.get(g.protocolName) : new byte[0],
                    stable ? m.assignment : new byte[0]));
        }
        return new GroupView(groupId, g.stateName(), g.protocolType == null ? "" : g.protocolType,
                stable && g.protocolName != null ? g.protocolName : "", members);
    }

    public synchronized List<GroupView> list() {
        List<GroupView> out = new ArrayList<>();
        for (ClassicGroup g : groups.values()) {
            out.add(new GroupView(g.groupId, g.stateName(), g.protocolType == null ? "" : g.protocolType, "", List.of()));
        }
        return out;
    }

    /** Forgets an empty group: NONE, NON_EMPTY_GROUP if it has members, GROUP_ID_NOT_FOUND if unknown here. */
    public synchronized Errors delete(String groupId) {
        ClassicGroup g = groups.get(groupId);
        if (g == null) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        if (!g.members.isEmpty()) {
            return Errors.NON_EMPTY_GROUP;
        }
        g.state = State.DEAD;
        groups.remove(groupId);
        return Errors.NONE;
    }

    /**
     * Whether an OffsetCommit of (generation, member) is allowed: simple commits (generation < 0,
     * no member id) only for groups without members; otherwise the member must be known and the
     * generation current (REBALANCE_IN_PROGRESS while the group is completing a rebalance).
     */
    public synchronized Errors validateCommit(String groupId, int generation, String memberId) {
        ClassicGroup g = groups.get(groupId);
        boolean noMembers = g == null || g.members.isEmpty();
        if (generation < 0 && (memberId == null || memberId.isEmpty())) {
            return noMembers ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        if (noMembers) {
            return generation >= 0 ? Errors.ILLEGAL_GENERATION : Errors.UNKNOWN_MEMBER_ID;
        }
        Member m = g.members.get(memberId);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generation != g.generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        if (g.state == State.COMPLETING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        m.lastHeartbeatMs = clock.getAsLong();
        return Errors.NONE;
    }
}
