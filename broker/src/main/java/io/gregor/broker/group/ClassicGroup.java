package io.gregor.broker.group;

import io.gregor.clients.consumer.assignor.ConsumerProtocol;
import io.gregor.clients.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;

/**
 * The mutable state of one classic group: members in join order, generation, chosen protocol,
 * leader, the rebalance in progress, and its conversion to and from the {@link StoredGroup} its
 * GroupMetadata record holds. Not thread-safe: {@link ClassicGroups} guards every access with its lock.
 */
final class ClassicGroup {
    enum State { EMPTY, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE, DEAD }

    /** A JoinGroup answer: error, generation, protocol, leader, the member's id and (for the leader) all members' metadata. */
    record JoinResult(short error, int generation, String protocolType, String protocolName, String leader,
                      String memberId, List<MemberMetadata> members, boolean skipAssignment) {
        JoinResult(short error, int generation, String protocolType, String protocolName, String leader,
                   String memberId, List<MemberMetadata> members) {
            this(error, generation, protocolType, protocolName, leader, memberId, members, false);
        }

        static JoinResult error(Errors e, String memberId) {
            return new JoinResult(e.code(), -1, null, null, "", memberId, List.of());
        }
    }

    record MemberMetadata(String memberId, String groupInstanceId, byte[] metadata) {
    }

    /** A SyncGroup answer. */
    record SyncResult(short error, String protocolType, String protocolName, byte[] assignment) {
        static SyncResult error(Errors e) {
            return new SyncResult(e.code(), null, null, new byte[0]);
        }
    }

    static final class Member {
        final String memberId;
        final String groupInstanceId;
        final String clientId;
        final String clientHost;
        int sessionTimeoutMs;
        int rebalanceTimeoutMs;
        LinkedHashMap<String, byte[]> protocols;
        byte[] assignment = new byte[0];
        long lastHeartbeatMs;
        CompletableFuture<JoinResult> pendingJoin;
        CompletableFuture<SyncResult> pendingSync;

        Member(String memberId, String groupInstanceId, String clientId, String clientHost) {
            this.memberId = memberId;
            this.groupInstanceId = groupInstanceId;
            this.clientId = clientId;
            this.clientHost = clientHost;
        }

        /** Answers this member's waiting JoinGroup and SyncGroup with {@code answer}. */
        void answerPending(Errors answer) {
            if (pendingJoin != null) {
                pendingJoin.complete(JoinResult.error(answer, memberId));
            }
            if (pendingSync != null) {
                pendingSync.complete(SyncResult.error(answer));
            }
            pendingJoin = null;
            pendingSync = null;
        }
    }

    final String groupId;
    State state = State.EMPTY;
    long currentStateTimestamp = -1;
    /** The generation whose leader assignment is being stored (-1: none); duplicate leader syncs wait. */
    int storingGeneration = -1;
    int generation;
    String protocolType;
    String protocolName;
    String leaderId;
    final Map<String, Member> members = new LinkedHashMap<>();
    final Map<String, Long> pendingMemberIds = new LinkedHashMap<>();
    ScheduledFuture<?> rebalanceTimer;
    boolean newGroupDelayPassed;

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    boolean allJoined() {
        return members.values().stream().allMatch(m -> m.pendingJoin != null) && pendingMemberIds.isEmpty();
    }

    Map<String, byte[]> assignments() {
        Map<String, byte[]> out = new HashMap<>();
        members.values().forEach(m -> out.put(m.memberId, m.assignment));
        return out;
    }

    /** Every member's id, instance id and subscription for the chosen protocol (the leader's JoinGroup answer). */
    List<MemberMetadata> memberMetadata() {
        List<MemberMetadata> all = new ArrayList<>();
        members.values().forEach(m -> all.add(new MemberMetadata(m.memberId, m.groupInstanceId, m.protocols.get(protocolName))));
        return all;
    }

    /** Ends the group here: cancels its timer, answers waiting requests with {@code answer}, marks it Dead. */
    void drop(Errors answer) {
        if (rebalanceTimer != null) {
            rebalanceTimer.cancel(false);
        }
        members.values().forEach(m -> m.answerPending(answer));
        state = State.DEAD;
    }

    void transitionTo(State next, long now) {
        if (state != next) {
            state = next;
            currentStateTimestamp = now;
        }
    }

    /** The member with static id {@code groupInstanceId}, or null. */
    Member staticMember(String groupInstanceId) {
        if (groupInstanceId == null) {
            return null;
        }
        return members.values().stream().filter(m -> groupInstanceId.equals(m.groupInstanceId)).findFirst().orElse(null);
    }

    /**
     * True if the request names a static instance that now belongs to another member id (KIP-345):
     * the requester is a stale, replaced member.
     */
    boolean isFenced(String memberId, String groupInstanceId) {
        Member current = staticMember(groupInstanceId);
        return current != null && !current.memberId.equals(memberId);
    }

    /** This group as its GroupMetadata record, with each member's assignment from {@code assignments}. */
    StoredGroup toStored(Map<String, byte[]> assignments) {
        List<StoredGroup.Member> stored = new ArrayList<>();
        for (Member m : members.values()) {
            byte[] a = assignments.get(m.memberId);
            byte[] subscription = protocolName == null ? null : m.protocols.get(protocolName);
            stored.add(new StoredGroup.Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                    m.rebalanceTimeoutMs, m.sessionTimeoutMs, subscription == null ? new byte[0] : subscription,
                    a == null ? new byte[0] : a));
        }
        return new StoredGroup(protocolType == null ? "" : protocolType, generation, protocolName, leaderId,
                currentStateTimestamp, stored);
    }

    /**
     * A group read back from its GroupMetadata record: Stable with its members (their sessions
     * restart at {@code now}) or Empty.
     */
    static ClassicGroup fromStored(String groupId, StoredGroup stored, long now) {
        ClassicGroup g = new ClassicGroup(groupId);
        g.generation = stored.generation();
        g.protocolType = stored.protocolType() == null || stored.protocolType().isEmpty() ? null : stored.protocolType();
        g.protocolName = stored.protocolName();
        g.leaderId = stored.leaderId();
        for (StoredGroup.Member sm : stored.members()) {
            Member m = new Member(sm.memberId(), sm.groupInstanceId(), sm.clientId(), sm.clientHost());
            m.sessionTimeoutMs = sm.sessionTimeoutMs();
            m.rebalanceTimeoutMs = sm.rebalanceTimeoutMs();
            m.protocols = new LinkedHashMap<>();
            m.protocols.put(stored.protocolName() == null ? "" : stored.protocolName(), sm.subscription());
            m.assignment = sm.assignment();
            m.lastHeartbeatMs = now;
            g.members.put(m.memberId, m);
        }
        if (g.members.isEmpty()) {
            g.protocolName = null;
            g.leaderId = null;
            g.state = State.EMPTY;
        } else {
            g.state = State.STABLE;
            g.newGroupDelayPassed = true;
        }
        g.currentStateTimestamp = stored.currentStateTimestamp();
        return g;
    }

    /** The protocol every member supports that most members list first-most (ties: the leader's order). */
    String selectProtocol() {
        List<String> candidates = new ArrayList<>();
        Member first = members.values().iterator().next();
        for (String p : first.protocols.keySet()) {
            if (members.values().stream().allMatch(m -> m.protocols.containsKey(p))) {
                candidates.add(p);
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (Member m : members.values()) {
            for (String p : m.protocols.keySet()) {
                if (votes.containsKey(p)) {
                    votes.merge(p, 1, Integer::sum);
                    break;
                }
            }
        }
        return votes.entrySet().stream().max((a, b) -> Integer.compare(a.getValue(), b.getValue()))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** True if a joining member's protocols fit the group (same type, at least one protocol in common with every member). */
    boolean supports(String type, Iterable<String> protocols) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && protocols.iterator().hasNext();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        for (String p : protocols) {
            if (members.values().stream().allMatch(m -> m.protocols.containsKey(p))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the join phase for every member: answers its waiting JoinGroup with the generation (the
     * leader also gets every member's metadata), clears its assignment until the leader's SyncGroup
     * and counts the answer as its heartbeat.
     */
    void answerJoins(long now) {
        List<MemberMetadata> all = memberMetadata();
        for (Member m : members.values()) {
            m.assignment = new byte[0];
            m.lastHeartbeatMs = now;
            CompletableFuture<JoinResult> f = m.pendingJoin;
            m.pendingJoin = null;
            f.complete(new JoinResult(Errors.NONE.code(), generation, protocolType, protocolName, leaderId,
                    m.memberId, m.memberId.equals(leaderId) ? all : List.of()));
        }
    }

    /** Puts {@code fresh} in the place of {@code old} in the join order. */
    void replaceMember(Member old, Member fresh) {
        LinkedHashMap<String, Member> reordered = new LinkedHashMap<>();
        members.forEach((id, m) -> reordered.put(id.equals(old.memberId) ? fresh.memberId : id,
                id.equals(old.memberId) ? fresh : m));
        members.clear();
        members.putAll(reordered);
    }

    /**
     * A Heartbeat of (generation, member): FENCED_INSTANCE_ID for a replaced static member,
     * UNKNOWN_MEMBER_ID for an unknown one, REBALANCE_IN_PROGRESS while the group prepares a
     * rebalance, ILLEGAL_GENERATION for another generation. A known member's heartbeat counts.
     */
    Errors heartbeat(int generation, String memberId, String groupInstanceId, long now) {
        if (isFenced(memberId, groupInstanceId)) {
            return Errors.FENCED_INSTANCE_ID;
        }
        Member m = members.get(memberId);
        if (m == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        m.lastHeartbeatMs = now;
        if (state == State.PREPARING_REBALANCE) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        if (generation != this.generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    /**
     * Whether an OffsetCommit of (generation, member) to group {@code g} (null: unknown here) is
     * allowed: simple commits (generation < 0, no member id) only for groups without members; a
     * replaced static member is FENCED_INSTANCE_ID; otherwise the member must be known and the
     * generation current (REBALANCE_IN_PROGRESS while the group is completing a rebalance). An
     * allowed commit counts as the member's heartbeat.
     */
    static Errors validateCommit(ClassicGroup g, int generation, String memberId, String groupInstanceId,
                                 LongSupplier clock) {
        boolean noMembers = g == null || g.members.isEmpty();
        if (generation < 0 && (memberId == null || memberId.isEmpty())) {
            return noMembers ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        if (noMembers) {
            return generation >= 0 ? Errors.ILLEGAL_GENERATION : Errors.UNKNOWN_MEMBER_ID;
        }
        if (g.isFenced(memberId, groupInstanceId)) {
            return Errors.FENCED_INSTANCE_ID;
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

    /**
     * The earliest time at which {@link #expiredMembers} or the pending member ids' expiry would
     * find something: a session's last heartbeat plus its timeout plus one (expiry is strictly
     * after the timeout), Long.MAX_VALUE if nothing can expire.
     */
    long nextExpiryDeadline() {
        long next = Long.MAX_VALUE;
        for (Member m : members.values()) {
            boolean awaitingJoin = state == State.PREPARING_REBALANCE && m.pendingJoin != null;
            if (!awaitingJoin) {
                next = Math.min(next, m.lastHeartbeatMs + m.sessionTimeoutMs + 1);
            }
        }
        for (long deadline : pendingMemberIds.values()) {
            next = Math.min(next, deadline + 1);
        }
        return next;
    }

    /** The members whose session timed out by {@code now} (a member awaiting the join phase's end does not). */
    List<Member> expiredMembers(long now) {
        List<Member> expired = new ArrayList<>();
        for (Member m : members.values()) {
            boolean awaitingJoin = state == State.PREPARING_REBALANCE && m.pendingJoin != null;
            if (!awaitingJoin && now - m.lastHeartbeatMs > m.sessionTimeoutMs) {
                expired.add(m);
            }
        }
        return expired;
    }

    /**
     * The topics the members subscribe to, read from their metadata for the group's protocol (a
     * consumer group's ConsumerProtocolSubscription); empty when that is not known (another
     * protocol type, no protocol chosen yet, metadata that does not parse), as Kafka then counts
     * no topic as subscribed.
     */
    Set<String> subscribedTopics() {
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
            return Set.of();
        }
        Set<String> topics = new HashSet<>();
        for (Member m : members.values()) {
            byte[] metadata = m.protocols == null ? null : m.protocols.get(protocolName);
            if (metadata == null) {
                return Set.of();
            }
            try {
                topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics());
            } catch (RuntimeException unreadable) {
                return Set.of();
            }
        }
        return topics;
    }

    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    String stateName() {
        return switch (state) {
            case EMPTY -> "Empty";
            case PREPARING_REBALANCE -> "PreparingRebalance";
            case COMPLETING_REBALANCE -> "CompletingRebalance";
            case STABLE -> "Stable";
            case DEAD -> "Dead";
        };
    }
}
