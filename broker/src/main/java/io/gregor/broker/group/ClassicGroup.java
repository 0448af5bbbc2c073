package io.gregor.broker.group;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The mutable state of one classic group: members in join order, generation, chosen protocol,
 * leader and the rebalance in progress. Not thread-safe: {@link ClassicGroups} guards every access
 * with its lock.
 */
final class ClassicGroup {
    enum State { EMPTY, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE, DEAD }

    /** A JoinGroup answer: error, generation, protocol, leader, the member's id and (for the leader) all members' metadata. */
    record JoinResult(short error, int generation, String protocolType, String protocolName, String leader,
                      String memberId, List<MemberMetadata> members) {
    }

    record MemberMetadata(String memberId, String groupInstanceId, byte[] metadata) {
    }

    /** A SyncGroup answer. */
    record SyncResult(short error, String protocolType, String protocolName, byte[] assignment) {
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
    }

    final String groupId;
    State state = State.EMPTY;
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
