package io.gregor.broker.group;

import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.ClassicGroup.Member;
import io.gregor.broker.group.ClassicGroup.State;
import io.gregor.broker.group.ClassicGroup.SyncResult;
import io.gregor.clients.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classic group membership: JoinGroup with KIP-394 member ids and KIP-345 static members, the join
 * phase ending when every member has rejoined or at the rebalance timeout (new groups wait
 * {@code group.initial.rebalance.delay.ms}), the leader's SyncGroup assignments stored as the
 * group's metadata (acks=all through the {@link GroupStore}) before they are handed to the members,
 * heartbeats, session-timeout expiry and LeaveGroup. One lock guards every group; the store is
 * called on the scheduler, never under the lock, and delayed answers complete outside request threads.
 *
 * <p>Memory stays bounded under JoinGroup storms: pending member ids count toward
 * {@code group.max.size}, at most {@link #DEFAULT_MAX_PENDING_MEMBER_IDS} are held by the coordinator
 * (the oldest is forgotten first: {@link PendingMemberIds}), and a group made only to hand out ids that were never used is
 * forgotten with its last one.
 */
public final class ClassicGroups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClassicGroups.class);

    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final int initialRebalanceDelayMs;
    private final int minSessionTimeoutMs;
    private final int maxSessionTimeoutMs;
    private final int maxSize;
    private final GroupStore store;
    private final GroupTable groups = new GroupTable(); // guarded by this
    private final PendingMemberIds pendingMemberIds; // guarded by this
    private final SessionExpiryTimer expiry; // guarded by this

    /** Pending member ids (KIP-394) held at most by one coordinator, all groups together. */
    static final int DEFAULT_MAX_PENDING_MEMBER_IDS = 10_000;

    public ClassicGroups(ScheduledExecutorService scheduler, LongSupplier clock, GroupConfig config,
                         long expiryCheckIntervalMs, GroupStore store) {
        this(scheduler, clock, config, expiryCheckIntervalMs, store, DEFAULT_MAX_PENDING_MEMBER_IDS);
    }

    ClassicGroups(ScheduledExecutorService scheduler, LongSupplier clock, GroupConfig config,
                  long expiryCheckIntervalMs, GroupStore store, int maxPendingMemberIds) {
        this.pendingMemberIds = new PendingMemberIds(maxPendingMemberIds, clock, this::forgetIfNeverUsed);
        this.scheduler = scheduler;
        this.clock = clock;
        this.initialRebalanceDelayMs = config.initialRebalanceDelayMs();
        this.minSessionTimeoutMs = config.minSessionTimeoutMs();
        this.maxSessionTimeoutMs = config.maxSessionTimeoutMs();
        this.maxSize = config.maxSize();
        this.store = store;
        this.expiry = new SessionExpiryTimer(scheduler, clock, expiryCheckIntervalMs, this, this::expireMembers,
                this::earliestExpiryDeadline);
        synchronized (this) {
            expiry.start();
        }
    }

    /** In-memory groups without session-timeout bounds or size limit (membership tests). */
    public ClassicGroups(ScheduledExecutorService scheduler, LongSupplier clock, int initialRebalanceDelayMs,
                         long expiryCheckIntervalMs) {
        this(scheduler, clock, new GroupConfig(1, (short) 1, 100 * 1024 * 1024, initialRebalanceDelayMs, 0, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE), expiryCheckIntervalMs, GroupStore.NONE);
    }

    @Override
    public synchronized void close() {
        expiry.close();
    }

    /** Milliseconds from {@code now} until the next session check (see {@link SessionExpiryTimer}). */
    synchronized long nextExpiryCheckDelayMs(long now) {
        return expiry.delayFrom(now);
    }

    private long earliestExpiryDeadline(long now) {
        long next = Long.MAX_VALUE;
        for (ClassicGroup g : groups.values()) {
            next = Math.min(next, g.nextExpiryDeadline());
        }
        return next;
    }

    record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
                       int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                       LinkedHashMap<String, byte[]> protocols, boolean requireKnownMemberId) {
    }

    private static JoinResult joinError(Errors e, String memberId) {
        return JoinResult.error(e, memberId);
    }

    private static SyncResult syncError(Errors e) {
        return SyncResult.error(e);
    }

    public synchronized CompletableFuture<JoinResult> join(JoinRequest r) {
        try {
            return joinGroup(r);
        } finally {
            ClassicGroup g = groups.get(r.groupId());
            if (g != null) {
                expiry.checkBy(g.nextExpiryDeadline()); // a new member or pending id may be due before the next check
            }
        }
    }

    private CompletableFuture<JoinResult> joinGroup(JoinRequest r) {
        if (r.sessionTimeoutMs() < minSessionTimeoutMs || r.sessionTimeoutMs() > maxSessionTimeoutMs) {
            return CompletableFuture.completedFuture(joinError(Errors.INVALID_SESSION_TIMEOUT, r.memberId()));
        }
        ClassicGroup existing = groups.get(r.groupId());
        if (existing == null) {
            if (!r.memberId().isEmpty()) {
                return CompletableFuture.completedFuture(joinError(Errors.UNKNOWN_MEMBER_ID, r.memberId()));
            }
            existing = new ClassicGroup(r.groupId());
            existing.currentStateTimestamp = clock.getAsLong();
            groups.put(r.groupId(), existing);
        }
        ClassicGroup g = existing;
        if (!g.supports(r.protocolType(), r.protocols().keySet())) {
            return CompletableFuture.completedFuture(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, r.memberId()));
        }
        Member staticOld = g.staticMember(r.groupInstanceId());
        boolean known = g.members.containsKey(r.memberId()) || staticOld != null;
        boolean pendingRejoin = !known && g.pendingMemberIds.containsKey(r.memberId());
        // pending member ids count as members: a storm of JoinGroups with fresh ids fills the group
        // up to group.max.size and no further (a pending id that joins takes its own place)
        if (!known && g.members.size() + (pendingRejoin ? 0 : g.pendingMemberIds.size()) >= maxSize) {
            if (g.members.isEmpty() && g.pendingMemberIds.isEmpty() && g.protocolType == null) {
                groups.remove(g.groupId, g);
            }
            return CompletableFuture.completedFuture(joinError(Errors.GROUP_MAX_SIZE_REACHED, r.memberId()));
        }
        if (!r.memberId().isEmpty() && staticOld != null && !staticOld.memberId.equals(r.memberId())) {
            return CompletableFuture.completedFuture(joinError(Errors.FENCED_INSTANCE_ID, r.memberId()));
        }
        long now = clock.getAsLong();
        Member member;
        if (r.memberId().isEmpty()) {
            String newId = (r.groupInstanceId() != null ? r.groupInstanceId() : r.clientId()) + "-" + UUID.randomUUID();
            if (r.requireKnownMemberId() && r.groupInstanceId() == null) {
                pendingMemberIds.add(g, newId, now + r.sessionTimeoutMs());
                return CompletableFuture.completedFuture(joinError(Errors.MEMBER_ID_REQUIRED, newId));
            }
            if (staticOld != null) {
                return replaceStaticMember(g, staticOld, newId, r);
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
        updateMember(member, r, now);
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

    /**
     * Forgets a group that never had a member and holds no pending id any more: it was only made
     * to hand out member ids that were never used, and keeping it would let JoinGroups naming fresh
     * group ids fill the heap with empty groups.
     */
    private void forgetIfNeverUsed(ClassicGroup g) {
        if (g.members.isEmpty() && g.pendingMemberIds.isEmpty() && g.protocolType == null && g.generation == 0
                && g.state == State.EMPTY) {
            groups.remove(g.groupId, g);
        }
    }

    private static void updateMember(Member member, JoinRequest r, long now) {
        member.sessionTimeoutMs = r.sessionTimeoutMs();
        member.rebalanceTimeoutMs = r.rebalanceTimeoutMs() < 0 ? r.sessionTimeoutMs() : r.rebalanceTimeoutMs();
        member.protocols = r.protocols();
        member.lastHeartbeatMs = now;
    }

    /**
     * A known static instance rejoins with a new member id (KIP-345): the new id takes the old
     * member's place and assignment and the old id is fenced. A Stable group whose chosen protocol
     * stays the same answers at once with the current generation (after storing the new member
     * id); otherwise the rejoin goes through a rebalance.
     */
    private CompletableFuture<JoinResult> replaceStaticMember(ClassicGroup g, Member old, String newId, JoinRequest r) {
        old.answerPending(Errors.FENCED_INSTANCE_ID);
        Member fresh = new Member(newId, old.groupInstanceId, r.clientId(), r.clientHost());
        fresh.assignment = old.assignment;
        updateMember(fresh, r, clock.getAsLong());
        g.replaceMember(old, fresh);
        boolean wasLeader = old.memberId.equals(g.leaderId);
        if (wasLeader) {
            g.leaderId = newId;
        }
        log.info("Static member {} of group {} rejoined as {} (was {})", old.groupInstanceId, g.groupId, newId, old.memberId);
        if (g.state != State.STABLE || g.protocolName == null || !g.protocolName.equals(g.selectProtocol())) {
            CompletableFuture<JoinResult> future = new CompletableFuture<>();
            fresh.pendingJoin = future;
            if (g.state != State.PREPARING_REBALANCE) {
                prepareRebalance(g);
            }
            tryCompleteJoin(g);
            return future;
        }
        int generation = g.generation;
        StoredGroup snapshot = g.toStored(g.assignments());
        CompletableFuture<JoinResult> answer = new CompletableFuture<>();
        scheduler.execute(() -> store.storeGroup(g.groupId, snapshot).whenComplete((error, failure) -> {
            Errors e = failure != null ? Errors.UNKNOWN_SERVER_ERROR : error;
            synchronized (this) {
                boolean current = groups.get(g.groupId) == g && g.generation == generation && g.members.get(newId) == fresh;
                if (e == Errors.NONE || !current) {
                    answer.complete(e != Errors.NONE ? joinError(e, newId) : new JoinResult(Errors.NONE.code(), generation,
                            g.protocolType, g.protocolName, g.leaderId, newId,
                            wasLeader ? g.memberMetadata() : List.of(), wasLeader));
                    return;
                }
                g.members.remove(newId);
                old.lastHeartbeatMs = clock.getAsLong();
                g.members.put(old.memberId, old);
                if (wasLeader) {
                    g.leaderId = old.memberId;
                }
                answer.complete(joinError(e, newId));
            }
        }));
        return answer;
    }

    private void prepareRebalance(ClassicGroup g) {
        for (Member m : g.members.values()) {
            if (m.pendingSync != null) {
                m.pendingSync.complete(syncError(Errors.REBALANCE_IN_PROGRESS));
                m.pendingSync = null;
            }
        }
        g.storingGeneration = -1;
        boolean initial = g.state == State.EMPTY && !g.newGroupDelayPassed;
        g.transitionTo(State.PREPARING_REBALANCE, clock.getAsLong());
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
            if (!g.allJoined()) {
                g.rebalanceTimer = scheduler.schedule(() -> onRebalanceTimer(g, false), g.rebalanceTimeoutMs(),
                        TimeUnit.MILLISECONDS);
                return;
            }
        }
        completeJoin(g);
    }

    private void tryCompleteJoin(ClassicGroup g) {
        if (g.state == State.PREPARING_REBALANCE && g.newGroupDelayPassed && g.allJoined()) {
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
        long now = clock.getAsLong();
        if (g.members.isEmpty()) {
            g.transitionTo(State.EMPTY, now);
            g.protocolName = null;
            g.leaderId = null;
            StoredGroup empty = g.toStored(Map.of());
            scheduler.execute(() -> store.storeGroup(g.groupId, empty));
            return;
        }
        g.protocolName = g.selectProtocol();
        if (g.leaderId == null || !g.members.containsKey(g.leaderId)) {
            g.leaderId = g.members.keySet().iterator().next();
        }
        g.transitionTo(State.COMPLETING_REBALANCE, now);
        g.answerJoins(now);
        expiry.checkBy(g.nextExpiryDeadline());
    }

    public synchronized CompletableFuture<SyncResult> sync(String groupId, int generation, String memberId,
                                                           String groupInstanceId, Map<String, byte[]> assignments) {
        ClassicGroup g = groups.get(groupId);
        if (g != null && g.isFenced(memberId, groupInstanceId)) {
            return CompletableFuture.completedFuture(syncError(Errors.FENCED_INSTANCE_ID));
        }
        Member m = g == null ? null : g.members.get(memberId);
        if (m == null) {
            return CompletableFuture.completedFuture(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        if (generation != g.generation) {
            return CompletableFuture.completedFuture(syncError(Errors.ILLEGAL_GENERATION));
        }
        m.lastHeartbeatMs = clock.getAsLong();
        switch (g.state) {
            case COMPLETING_REBALANCE -> {
                CompletableFuture<SyncResult> f = new CompletableFuture<>();
                if (m.pendingSync != null) {
                    m.pendingSync.complete(syncError(Errors.REBALANCE_IN_PROGRESS));
                }
                m.pendingSync = f;
                if (memberId.equals(g.leaderId) && g.storingGeneration != generation) {
                    storeAssignment(g, assignments);
                }
                return f;
            }
            case STABLE -> {
                return CompletableFuture.completedFuture(new SyncResult(Errors.NONE.code(), g.protocolType,
                        g.protocolName, m.assignment));
            }
            default -> {
                return CompletableFuture.completedFuture(syncError(Errors.REBALANCE_IN_PROGRESS));
            }
        }
    }

    /**
     * Stores the leader's assignment as the group's metadata; once stored the group is Stable and
     * every waiting member gets its assignment. If the store fails, the waiting members get the
     * mapped error and the group rebalances (as Kafka does).
     */
    private void storeAssignment(ClassicGroup g, Map<String, byte[]> leaderAssignments) {
        int generation = g.generation;
        g.storingGeneration = generation;
        Map<String, byte[]> assigned = new HashMap<>();
        g.members.keySet().forEach(id -> assigned.put(id, leaderAssignments.getOrDefault(id, new byte[0])));
        StoredGroup snapshot = g.toStored(assigned);
        scheduler.execute(() -> store.storeGroup(g.groupId, snapshot).whenComplete((error, failure) -> {
            Errors e = failure != null ? Errors.UNKNOWN_SERVER_ERROR : error;
            synchronized (this) {
                if (groups.get(g.groupId) != g || g.generation != generation || g.state != State.COMPLETING_REBALANCE) {
                    return;
                }
                g.storingGeneration = -1;
                if (e == Errors.NONE) {
                    g.members.values().forEach(m -> m.assignment = assigned.getOrDefault(m.memberId, new byte[0]));
                    g.transitionTo(State.STABLE, clock.getAsLong());
                }
                for (Member each : g.members.values()) {
                    if (each.pendingSync != null) {
                        each.pendingSync.complete(e == Errors.NONE
                                ? new SyncResult(Errors.NONE.code(), g.protocolType, g.protocolName, each.assignment)
                                : syncError(e));
                        each.pendingSync = null;
                    }
                }
                if (e != Errors.NONE) {
                    log.warn("Group {} generation {}: storing the assignment failed ({}); rebalancing", g.groupId,
                            generation, e);
                    prepareRebalance(g);
                }
            }
        }));
    }

    public synchronized Errors heartbeat(String groupId, int generation, String memberId, String groupInstanceId) {
        ClassicGroup g = groups.get(groupId);
        return g == null ? Errors.UNKNOWN_MEMBER_ID : g.heartbeat(generation, memberId, groupInstanceId, clock.getAsLong());
    }

    /**
     * Removes each (memberId, groupInstanceId) from the group; per-member errors in order. A static
     * instance leaves by its instance id alone (empty member id); naming it with a member id that
     * is not its current one is FENCED_INSTANCE_ID.
     */
    public synchronized List<Errors> leave(String groupId, List<String[]> members) {
        ClassicGroup g = groups.get(groupId);
        List<Errors> out = new ArrayList<>();
        for (String[] idAndInstance : members) {
            Member m = null;
            if (g != null) {
                Member byInstance = g.staticMember(idAndInstance[1]);
                boolean noMemberId = idAndInstance[0] == null || idAndInstance[0].isEmpty();
                if (byInstance != null && !noMemberId && !byInstance.memberId.equals(idAndInstance[0])) {
                    out.add(Errors.FENCED_INSTANCE_ID);
                    continue;
                }
                m = byInstance != null ? byInstance : g.members.get(idAndInstance[0]);
            }
            if (m == null) {
                out.add(Errors.UNKNOWN_MEMBER_ID);
                continue;
            }
            m.answerPending(Errors.UNKNOWN_MEMBER_ID);
            g.members.remove(m.memberId);
            onMembershipChange(g);
            out.add(Errors.NONE);
        }
        return out;
    }

    private void expireMembers() {
        synchronized (this) {
            long now = clock.getAsLong();
            List<ClassicGroup> lostPendingIds = new ArrayList<>();
            for (ClassicGroup g : groups.values()) {
                if (g.pendingMemberIds.values().removeIf(deadline -> deadline < now)) {
                    lostPendingIds.add(g);
                }
                List<Member> expired = g.expiredMembers(now);
                for (Member m : expired) {
                    log.info("Member {} of group {} expired after {} ms without heartbeat", m.memberId, g.groupId,
                            now - m.lastHeartbeatMs);
                    m.answerPending(Errors.UNKNOWN_MEMBER_ID);
                    g.members.remove(m.memberId);
                    onMembershipChange(g);
                }
                if (expired.isEmpty() && g.state == State.PREPARING_REBALANCE) {
                    tryCompleteJoin(g);
                }
            }
            lostPendingIds.forEach(this::forgetIfNeverUsed);
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

    // ---- whole groups, driven by the GroupCoordinator, and views (see GroupTable) ----

    /** Installs groups read back from their GroupMetadata records, replacing any held under the same ids. */
    synchronized void load(Map<String, StoredGroup> stored, long now) {
        groups.load(stored, now);
        expiry.checkBy(now + expiry.delayFrom(now));
    }

    /** Forgets every group whose id matches, answering their waiting requests NOT_COORDINATOR; returns how many. */
    synchronized int unload(Predicate<String> groupIds) {
        return groups.unload(groupIds);
    }

    /** What the offsets retention check needs to know of a group. */
    record RetentionView(boolean exists, boolean empty, long currentStateTimestamp) {
    }

    synchronized RetentionView retentionView(String groupId) {
        return groups.retentionView(groupId);
    }

    /**
     * What OffsetDelete needs to know of a group: whether it is held here (not Dead), whether it is
     * Empty, whether it is a consumer group, and the topics its members subscribe to.
     */
    record MembershipView(boolean exists, boolean empty, boolean consumerGroup, Set<String> subscribedTopics) {
    }

    synchronized MembershipView membershipView(String groupId) {
        return groups.membershipView(groupId);
    }

    /** Ids of the Empty groups held here that match, for the retention check. */
    synchronized List<String> emptyGroups(Predicate<String> groupIds) {
        return groups.emptyGroups(groupIds);
    }

    /** Marks an Empty group Dead and forgets it; false (and nothing changes) if it is not Empty. */
    synchronized boolean removeIfEmpty(String groupId) {
        return groups.removeIfEmpty(groupId);
    }

    /** The group's view, or a "Dead" view with no members if it is unknown. */
    public synchronized GroupView describe(String groupId) {
        return groups.describe(groupId);
    }

    public synchronized List<GroupView> list() {
        return groups.list();
    }

    /** The state of every group held here, by id (a copy), for the group count metrics. */
    synchronized Map<String, State> states() {
        return groups.states();
    }

    /** Forgets an empty group: NONE, NON_EMPTY_GROUP if it has members, GROUP_ID_NOT_FOUND if unknown here. */
    public synchronized Errors delete(String groupId) {
        return groups.delete(groupId);
    }

    /**
     * Whether an OffsetCommit of (generation, member) is allowed: simple commits (generation < 0,
     * no member id) only for groups without members; a replaced static member is FENCED_INSTANCE_ID;
     * otherwise the member must be known and the generation current (REBALANCE_IN_PROGRESS while
     * the group is completing a rebalance).
     */
    public synchronized Errors validateCommit(String groupId, int generation, String memberId, String groupInstanceId) {
        return ClassicGroup.validateCommit(groups.get(groupId), generation, memberId, groupInstanceId, clock);
    }
}
