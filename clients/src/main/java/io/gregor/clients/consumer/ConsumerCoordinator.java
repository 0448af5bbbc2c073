package io.gregor.clients.consumer;

import io.gregor.clients.consumer.assignor.Assignment;
import io.gregor.clients.consumer.assignor.ConsumerPartitionAssignor;
import io.gregor.clients.consumer.assignor.ConsumerPartitionAssignor.RebalanceProtocol;
import io.gregor.clients.consumer.assignor.ConsumerProtocol;
import io.gregor.clients.consumer.assignor.Subscription;
import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.TopicMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.JoinGroupRequest;
import io.gregor.clients.protocol.schemas.JoinGroupRequest.Protocols;
import io.gregor.clients.protocol.schemas.JoinGroupResponse;
import io.gregor.clients.protocol.schemas.JoinGroupResponse.Members;
import io.gregor.clients.protocol.schemas.SyncGroupRequest;
import io.gregor.clients.protocol.schemas.SyncGroupRequest.Assignments;
import io.gregor.clients.protocol.schemas.SyncGroupResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling thread's side of group membership: joins with JoinGroup (retrying with the member id
 * handed out by MEMBER_ID_REQUIRED, KIP-394), runs the assignor when elected leader, gets its
 * assignment with SyncGroup, and tells the {@link ConsumerRebalanceListener}. A pending JoinGroup or
 * SyncGroup survives a poll that times out and is picked up by the next one, so {@code poll}
 * honours its timeout while the group waits for slow members. Rejoins when the heartbeat asks, when
 * a subscribed topic's partition count changes (the leader watches every topic of the group), and,
 * with the cooperative protocol, after revoking partitions that move to another member.
 */
final class ConsumerCoordinator {
    private static final Logger log = LoggerFactory.getLogger(ConsumerCoordinator.class);
    private static final short JOIN_GROUP_VERSION = 8; // v9's SkipAssignment only matters to static leaders' brokers

    private final GroupMembership membership;
    private final NetworkClient client;
    private final SubscriptionState subscriptions;
    private final List<ConsumerPartitionAssignor> assignors;
    private final RebalanceProtocol protocol;
    private final OffsetCommitter committer;

    // polling thread only
    private CompletableFuture<Struct> pendingJoin;
    private CompletableFuture<Struct> pendingSync;
    private boolean joinPrepared;
    private Set<String> joinedTopics = Set.of();
    /** Partition counts the last assignment was based on: the group's topics for the leader, ours otherwise. */
    private Map<String, Integer> assignedCounts = Map.of();
    private long nextAutoCommitMs;

    ConsumerCoordinator(GroupMembership membership, NetworkClient client, SubscriptionState subscriptions,
                        List<ConsumerPartitionAssignor> assignors, OffsetCommitter committer) {
        this.membership = membership;
        this.client = client;
        this.subscriptions = subscriptions;
        this.assignors = List.copyOf(assignors);
        this.committer = committer;
        this.protocol = commonProtocol(assignors);
        this.nextAutoCommitMs = System.currentTimeMillis() + membership.config().autoCommitIntervalMs();
    }

    /** The most capable protocol every configured assignor supports, as Kafka picks it. */
    static RebalanceProtocol commonProtocol(List<ConsumerPartitionAssignor> assignors) {
        Set<RebalanceProtocol> common = new LinkedHashSet<>(List.of(RebalanceProtocol.values()));
        assignors.forEach(a -> common.retainAll(a.supportedProtocols()));
        if (common.isEmpty()) {
            throw new IllegalArgumentException("config partition.assignment.strategy: assignors " + assignors.stream()
                    .map(ConsumerPartitionAssignor::name).toList() + " share no rebalance protocol");
        }
        return common.contains(RebalanceProtocol.COOPERATIVE) ? RebalanceProtocol.COOPERATIVE : RebalanceProtocol.EAGER;
    }

    RebalanceProtocol protocol() {
        return protocol;
    }

    /**
     * One step of group upkeep for {@code poll}: tells the listener about lost partitions, rejoins
     * when needed, auto-commits when due. Returns whether the member is stable with its assignment.
     */
    boolean poll(long deadlineMs) {
        long now = System.currentTimeMillis();
        membership.polled(now);
        membership.throwIfFailed();
        committer.invokeCompletedCallbacks();
        if (membership.takePartitionsLost() && !subscriptions.assigned().isEmpty()) {
            List<TopicPartition> lost = subscriptions.assignedSorted();
            subscriptions.replaceAssignment(List.of());
            log.info("Group {}: partitions {} lost", membership.config().groupId(), lost);
            subscriptions.listener().onPartitionsLost(lost);
            // normally already asked for by the reset; needed when the reset raced a join that then completed
            membership.requestRejoin("partitions were lost");
        }
        if (metadataChanged()) {
            membership.requestRejoin("the partitions of subscribed topics changed");
        }
        if (!joinedTopics.equals(subscriptions.subscription()) && membership.state() == GroupMembership.State.STABLE) {
            membership.requestRejoin("the subscription changed");
        }
        if (membership.rejoinNeeded() || pendingJoin != null || pendingSync != null) {
            if (!joinGroup(deadlineMs)) {
                return false;
            }
        }
        maybeAutoCommit(now);
        return true;
    }

    /** A subscribed or group topic whose partition count differs from what the last assignment saw. */
    private boolean metadataChanged() {
        if (membership.state() != GroupMembership.State.STABLE) {
            return false;
        }
        Set<String> topics = new TreeSet<>(subscriptions.subscription());
        topics.addAll(assignedCounts.keySet());
        Cluster cluster = client.maybeUpdateMetadata(topics, false);
        for (String topic : topics) {
            var t = cluster.topic(topic);
            if (t.isPresent() && t.get().error() == Errors.NONE
                    && t.get().partitions().size() != assignedCounts.getOrDefault(topic, 0)) {
                return true;
            }
        }
        return false;
    }

    void maybeAutoCommit(long now) {
        if (!membership.config().enableAutoCommit() || now < nextAutoCommitMs) {
            return;
        }
        nextAutoCommitMs = now + membership.config().autoCommitIntervalMs();
        Map<TopicPartition, OffsetAndMetadata> offsets = subscriptions.allConsumed();
        if (!offsets.isEmpty()) {
            committer.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    log.warn("Group {}: auto-commit of {} failed: {}", membership.config().groupId(), o, e.getMessage());
                }
            }, now + membership.config().heartbeatIntervalMs());
        }
    }

    /** Synchronous auto-commit before a rebalance or close; failures are logged, as Kafka does. */
    void autoCommitBeforeLeaving(long deadlineMs) {
        if (!membership.config().enableAutoCommit() || membership.generation().generationId() == GroupMembership.NO_GENERATION) {
            return;
        }
        try {
            committer.commitSync(subscriptions.allConsumed(), deadlineMs);
        } catch (GregorApiException e) {
            log.warn("Group {}: auto-commit before rebalance/close failed: {}", membership.config().groupId(), e.getMessage());
        }
    }

    /** Drives JoinGroup then SyncGroup; false if {@code deadlineMs} passed first (the requests stay pending). */
    private boolean joinGroup(long deadlineMs) {
        while (true) {
            if (pendingSync != null) {
                Struct resp = awaitPending(pendingSync, deadlineMs);
                if (resp == null && !pendingSync.isCompletedExceptionally()) {
                    return false;
                }
                pendingSync = null;
                if (resp != null && handleSyncResponse(resp)) {
                    return true;
                }
                continue;
            }
            if (pendingJoin != null) {
                Struct resp = awaitPending(pendingJoin, deadlineMs);
                if (resp == null && !pendingJoin.isCompletedExceptionally()) {
                    return false;
                }
                pendingJoin = null;
                if (resp != null) {
                    handleJoinResponse(resp);
                }
                continue;
            }
            if (!membership.rejoinNeeded()) {
                return true;
            }
            if (System.currentTimeMillis() >= deadlineMs) {
                return false;
            }
            if (membership.ensureCoordinator(deadlineMs) == null) {
                return false;
            }
            if (!joinPrepared) {
                // the commit before a rebalance may outlast a short poll: a missed commit means duplicates
                prepareJoin(Math.max(deadlineMs, System.currentTimeMillis() + client.config().requestTimeoutMs()));
                joinPrepared = true;
            }
            pendingJoin = sendJoinGroup();
        }
    }

    /** The response, or null if not there by the deadline or failed (a failure marks the coordinator unknown). */
    private Struct awaitPending(CompletableFuture<Struct> f, long deadlineMs) {
        try {
            return f.get(Math.max(0, deadlineMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            membership.markCoordinatorUnknown("group request failed: " + e.getCause().getMessage());
            long backoff = Math.min(membership.retryBackoffMs(), Math.max(0, deadlineMs - System.currentTimeMillis()));
            if (backoff > 0) {
                NetworkClient.sleep(backoff);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "interrupted while joining group " + membership.config().groupId());
        }
    }

    /**
     * Before (re)joining: auto-commit, then revoke (eager: everything; cooperative: unsubscribed
     * topics). Without a generation (first join, or after a reset) there is nothing to revoke: what
     * is still assigned is lost.
     */
    private void prepareJoin(long deadlineMs) {
        if (membership.generation().generationId() == GroupMembership.NO_GENERATION) {
            List<TopicPartition> lost = subscriptions.assignedSorted();
            if (!lost.isEmpty()) {
                subscriptions.replaceAssignment(List.of());
                subscriptions.listener().onPartitionsLost(lost);
            }
            return;
        }
        autoCommitBeforeLeaving(deadlineMs);
        List<TopicPartition> revoked = new ArrayList<>();
        for (TopicPartition tp : subscriptions.assignedSorted()) {
            if (protocol == RebalanceProtocol.EAGER || !subscriptions.subscription().contains(tp.topic())) {
                revoked.add(tp);
            }
        }
        if (protocol == RebalanceProtocol.EAGER || !revoked.isEmpty()) {
            List<TopicPartition> kept = new ArrayList<>(subscriptions.assigned());
            kept.removeAll(revoked);
            subscriptions.replaceAssignment(kept);
            log.info("Group {}: revoking {} before joining", membership.config().groupId(), revoked);
            subscriptions.listener().onPartitionsRevoked(revoked);
        }
    }

    private CompletableFuture<Struct> sendJoinGroup() {
        GroupConfig config = membership.config();
        GroupMembership.Generation g = membership.generation();
        membership.joining();
        joinedTopics = subscriptions.subscription();
        List<String> topics = new ArrayList<>(new TreeSet<>(joinedTopics));
        Struct req = ApiMessages.request(ApiKey.JOIN_GROUP).newStruct().set(JoinGroupRequest.GROUP_ID, config.groupId())
                .set(JoinGroupRequest.SESSION_TIMEOUT_MS, config.sessionTimeoutMs())
                .set(JoinGroupRequest.REBALANCE_TIMEOUT_MS, config.maxPollIntervalMs())
                .set(JoinGroupRequest.MEMBER_ID, g.memberId())
                .set(JoinGroupRequest.GROUP_INSTANCE_ID, config.groupInstanceId())
                .set(JoinGroupRequest.PROTOCOL_TYPE, ConsumerProtocol.PROTOCOL_TYPE).set(JoinGroupRequest.REASON, "");
        for (ConsumerPartitionAssignor a : assignors) {
            Subscription s = new Subscription(topics, a.subscriptionUserData(joinedTopics), subscriptions.assignedSorted(),
                    g.generationId(), null, null);
            req.addElement(JoinGroupRequest.PROTOCOLS).set(Protocols.NAME, a.name())
                    .set(Protocols.METADATA, ConsumerProtocol.serializeSubscription(s));
        }
        log.debug("Group {}: JoinGroup as member '{}' for topics {}", config.groupId(), g.memberId(), topics);
        return membership.send(ApiKey.JOIN_GROUP, req, JOIN_GROUP_VERSION);
    }

    private void handleJoinResponse(Struct resp) {
        Errors error = Errors.forCode(resp.getShort(JoinGroupResponse.ERROR_CODE));
        String groupId = membership.config().groupId();
        switch (error) {
            case NONE -> {
                int generation = resp.getInt(JoinGroupResponse.GENERATION_ID);
                String memberId = resp.getString(JoinGroupResponse.MEMBER_ID);
                String protocolName = resp.getString(JoinGroupResponse.PROTOCOL_NAME);
                membership.joined(generation, memberId, protocolName);
                boolean leader = memberId.equals(resp.getString(JoinGroupResponse.LEADER));
                log.info("Group {}: joined generation {} as member {} ({}), protocol {}", groupId, generation, memberId,
                        leader ? "leader" : "follower", protocolName);
                Map<String, ByteBuffer> assignments = leader ? assignAsLeader(protocolName,
                        resp.getStructs(JoinGroupResponse.MEMBERS)) : Map.of();
                if (!leader) {
                    assignedCounts = Map.of();
                }
                pendingSync = sendSyncGroup(generation, memberId, protocolName, assignments);
            }
            case MEMBER_ID_REQUIRED -> membership.setMemberId(resp.getString(JoinGroupResponse.MEMBER_ID));
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> membership.resetGeneration("JoinGroup answered " + error);
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> membership.markCoordinatorUnknown("JoinGroup answered " + error);
            case REBALANCE_IN_PROGRESS, COORDINATOR_LOAD_IN_PROGRESS -> NetworkClient.sleep(membership.retryBackoffMs());
            default -> throw new GregorApiException(error, "JoinGroup of group " + groupId);
        }
    }

    private Map<String, ByteBuffer> assignAsLeader(String protocolName, List<Struct> members) {
        ConsumerPartitionAssignor assignor = assignor(protocolName);
        Map<String, Subscription> subs = new HashMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (Struct m : members) {
            Subscription s = ConsumerProtocol.deserializeSubscription(m.getBytes(Members.METADATA))
                    .withGroupInstanceId(m.getString(Members.GROUP_INSTANCE_ID));
            subs.put(m.getString(Members.MEMBER_ID), s);
            allTopics.addAll(s.topics());
        }
        Cluster cluster = client.fetchMetadata(allTopics, false, client.config().requestTimeoutMs());
        Map<String, Integer> counts = new HashMap<>();
        for (String topic : allTopics) {
            cluster.topic(topic).filter(t -> t.error() == Errors.NONE).map(TopicMetadata::partitions)
                    .ifPresent(ps -> counts.put(topic, ps.size()));
        }
        Map<String, Assignment> assignment = assignor.assign(counts, subs);
        assignedCounts = Map.copyOf(counts);
        Map<String, ByteBuffer> out = new HashMap<>();
        for (String member : subs.keySet()) {
            Assignment a = assignment.getOrDefault(member, new Assignment(List.of()));
            out.put(member, ConsumerProtocol.serializeAssignment(a));
        }
        log.info("Group {}: leader assigned with {}: {}", membership.config().groupId(), protocolName, assignment);
        return out;
    }

    private ConsumerPartitionAssignor assignor(String protocolName) {
        return assignors.stream().filter(a -> a.name().equals(protocolName)).findFirst().orElseThrow(() ->
                new GregorApiException(Errors.INCONSISTENT_GROUP_PROTOCOL, "group " + membership.config().groupId()
                        + " chose protocol " + protocolName + " which this consumer did not offer"));
    }

    private CompletableFuture<Struct> sendSyncGroup(int generation, String memberId, String protocolName,
                                                    Map<String, ByteBuffer> assignments) {
        Struct req = ApiMessages.request(ApiKey.SYNC_GROUP).newStruct()
                .set(SyncGroupRequest.GROUP_ID, membership.config().groupId())
                .set(SyncGroupRequest.GENERATION_ID, generation).set(SyncGroupRequest.MEMBER_ID, memberId)
                .set(SyncGroupRequest.GROUP_INSTANCE_ID, membership.config().groupInstanceId())
                .set(SyncGroupRequest.PROTOCOL_TYPE, ConsumerProtocol.PROTOCOL_TYPE)
                .set(SyncGroupRequest.PROTOCOL_NAME, protocolName);
        assignments.forEach((m, bytes) -> req.addElement(SyncGroupRequest.ASSIGNMENTS).set(Assignments.MEMBER_ID, m)
                .set(Assignments.ASSIGNMENT, bytes));
        return membership.send(ApiKey.SYNC_GROUP, req, ApiKey.SYNC_GROUP.maxVersion);
    }

    /** True once the assignment is installed; false when the member must join again. */
    private boolean handleSyncResponse(Struct resp) {
        Errors error = Errors.forCode(resp.getShort(SyncGroupResponse.ERROR_CODE));
        switch (error) {
            case NONE -> {
                GroupMembership.Generation g = membership.generation();
                Assignment assignment = ConsumerProtocol.deserializeAssignment(resp.getBytes(SyncGroupResponse.ASSIGNMENT));
                installAssignment(g, assignment);
                return true;
            }
            case REBALANCE_IN_PROGRESS -> membership.requestRejoin("SyncGroup answered " + error);
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> membership.resetGeneration("SyncGroup answered " + error);
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                membership.markCoordinatorUnknown("SyncGroup answered " + error);
                membership.requestRejoin("SyncGroup answered " + error);
            }
            default -> throw new GregorApiException(error, "SyncGroup of group " + membership.config().groupId());
        }
        return false;
    }

    private void installAssignment(GroupMembership.Generation g, Assignment assignment) {
        assignor(g.protocolName()).onAssignment(assignment, g.generationId());
        Set<TopicPartition> owned = subscriptions.assigned();
        List<TopicPartition> next = assignment.partitions().stream()
                .filter(tp -> subscriptions.subscription().contains(tp.topic())).toList();
        List<TopicPartition> added = next.stream().filter(tp -> !owned.contains(tp)).toList();
        List<TopicPartition> revoked = owned.stream().filter(tp -> !next.contains(tp)).sorted(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)).toList();
        subscriptions.replaceAssignment(next);
        joinPrepared = false;
        if (assignedCounts.isEmpty()) {
            assignedCounts = countsOf(subscriptions.subscription());
        }
        membership.stable();
        log.info("Group {}: generation {} assigned {} (added {}, revoked {})", membership.config().groupId(),
                g.generationId(), next, added, revoked);
        if (!revoked.isEmpty()) {
            subscriptions.listener().onPartitionsRevoked(revoked);
            membership.requestRejoin("partitions were revoked for the cooperative protocol's follow-up rebalance");
        }
        subscriptions.listener().onPartitionsAssigned(added);
    }

    private Map<String, Integer> countsOf(Set<String> topics) {
        Map<String, Integer> counts = new HashMap<>();
        Cluster cluster;
        try {
            cluster = client.fetchMetadata(topics, false, client.config().requestTimeoutMs());
        } catch (GregorApiException e) {
            log.debug("Metadata after joining group {} failed: {}", membership.config().groupId(), e.getMessage());
            return Map.of();
        }
        for (String topic : topics) {
            cluster.topic(topic).filter(t -> t.error() == Errors.NONE).ifPresent(t -> counts.put(topic, t.partitions().size()));
        }
        return counts;
    }

    /** On close: auto-commit, tell the listener, and leave the group (a static member stays). */
    void close(long deadlineMs) {
        if (pendingJoin == null && pendingSync == null && membership.state() == GroupMembership.State.STABLE) {
            autoCommitBeforeLeaving(deadlineMs);
        }
        committer.invokeCompletedCallbacks();
        List<TopicPartition> owned = subscriptions.assignedSorted();
        if (!owned.isEmpty()) {
            subscriptions.replaceAssignment(List.of());
            if (membership.generation().generationId() == GroupMembership.NO_GENERATION) {
                subscriptions.listener().onPartitionsLost(owned);
            } else {
                subscriptions.listener().onPartitionsRevoked(owned);
            }
        }
        membership.leaveGroup("the consumer is being closed", deadlineMs);
    }
}
