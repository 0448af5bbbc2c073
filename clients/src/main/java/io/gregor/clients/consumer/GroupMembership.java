package io.gregor.clients.consumer;

import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FindCoordinatorRequest;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.LeaveGroupRequest;
import io.gregor.clients.protocol.schemas.LeaveGroupRequest.Members;
import io.gregor.clients.protocol.schemas.LeaveGroupResponse;
import java.io.Closeable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's standing in its group, shared by the polling thread and the heartbeat thread: the
 * coordinator (found with FindCoordinator), generation, member id, protocol name, whether a rejoin
 * is needed and whether the member lost its partitions. Every field is guarded by this object's
 * monitor, and network calls are made outside it. Requests to the coordinator go through their own
 * {@link NetworkClient} whose request timeout covers a JoinGroup waiting up to the rebalance timeout
 * ({@code max.poll.interval.ms} + 5 s, as Kafka allows), so a slow rebalance never closes the fetch connections.
 */
final class GroupMembership implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(GroupMembership.class);
    static final int NO_GENERATION = -1;
    private static final short FIND_COORDINATOR_VERSION = 3; // single key, as a classic-group consumer needs

    enum State { UNJOINED, REBALANCING, STABLE }

    private final NetworkClient bootstrapClient;
    private final NetworkClient coordinatorClient;
    private final GroupConfig config;
    private final long retryBackoffMs;

    private Node coordinator;
    private int generationId = NO_GENERATION;
    private String memberId = "";
    private String protocolName;
    private State state = State.UNJOINED;
    private boolean rejoinNeeded = true;
    private boolean partitionsLost;
    private long lastPollMs = System.currentTimeMillis();
    private RuntimeException fatal;

    GroupMembership(NetworkClient bootstrapClient, CommonClientConfig common, GroupConfig config) {
        this.bootstrapClient = bootstrapClient;
        this.config = config;
        this.retryBackoffMs = common.retryBackoffMs();
        int joinTimeout = (int) Math.min(Integer.MAX_VALUE, Math.max((long) common.requestTimeoutMs(), config.maxPollIntervalMs() + 5000L));
        this.coordinatorClient = new NetworkClient(new CommonClientConfig(common.bootstrapServers(), common.clientId(),
                joinTimeout, common.retryBackoffMs(), common.metadataMaxAgeMs(), common.connectTimeoutMs(),
                common.maxInFlightRequestsPerConnection(), common.defaultApiTimeoutMs(), common.security()));
    }

    GroupConfig config() {
        return config;
    }

    long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** The generation as the member knows it (id, member id, protocol), read atomically. */
    record Generation(int generationId, String memberId, String protocolName) {
    }

    synchronized Generation generation() {
        return new Generation(generationId, memberId, protocolName);
    }

    synchronized State state() {
        return state;
    }

    synchronized boolean rejoinNeeded() {
        return rejoinNeeded;
    }

    synchronized void requestRejoin(String reason) {
        if (!rejoinNeeded) {
            log.info("Group {} member {}: rejoining ({})", config.groupId(), memberId, reason);
        }
        rejoinNeeded = true;
    }

    synchronized void joining() {
        state = State.REBALANCING;
    }

    synchronized void setMemberId(String id) {
        memberId = id;
    }

    synchronized void joined(int generation, String member, String protocol) {
        generationId = generation;
        memberId = member;
        protocolName = protocol;
    }

    synchronized void stable() {
        state = State.STABLE;
        rejoinNeeded = false;
        notifyAll();
    }

    /** Forgets generation and member id: the coordinator no longer knows this member, its partitions are lost. */
    synchronized void resetGeneration(String reason) {
        log.info("Group {} member {} generation {}: resetting ({})", config.groupId(), memberId, generationId, reason);
        forgetGeneration();
    }

    private synchronized void forgetGeneration() {
        partitionsLost |= generationId != NO_GENERATION || state == State.STABLE;
        generationId = NO_GENERATION;
        memberId = "";
        protocolName = null;
        state = State.UNJOINED;
        rejoinNeeded = true;
    }

    /** Whether partitions were lost since the last call (then the caller tells the listener). */
    synchronized boolean takePartitionsLost() {
        boolean lost = partitionsLost;
        partitionsLost = false;
        return lost;
    }

    synchronized void fail(RuntimeException e) {
        fatal = e;
    }

    /** Throws an error the heartbeat thread met that the application must see (a fenced static member). */
    synchronized void throwIfFailed() {
        if (fatal != null) {
            RuntimeException e = fatal;
            fatal = null;
            throw e;
        }
    }

    synchronized void polled(long nowMs) {
        lastPollMs = nowMs;
    }

    synchronized long lastPollMs() {
        return lastPollMs;
    }

    synchronized Node coordinator() {
        return coordinator;
    }

    synchronized void markCoordinatorUnknown(String reason) {
        if (coordinator != null) {
            log.info("Group {}: coordinator {} is unavailable ({}); rediscovering", config.groupId(), coordinator, reason);
            coordinator = null;
        }
    }

    /** The coordinator, looking it up with FindCoordinator until {@code deadlineMs}; null if not found in time. */
    Node ensureCoordinator(long deadlineMs) {
        Node known = coordinator();
        while (known == null) {
            try {
                Struct req = ApiMessages.request(ApiKey.FIND_COORDINATOR).newStruct()
                        .set(FindCoordinatorRequest.KEY, config.groupId())
                        .set(FindCoordinatorRequest.KEY_TYPE, (byte) 0);
                long budget = Math.max(1, deadlineMs - System.currentTimeMillis());
                Struct resp = bootstrapClient.sendToAnyNode(ApiKey.FIND_COORDINATOR, req, FIND_COORDINATOR_VERSION, budget);
                Errors error = Errors.forCode(resp.getShort(FindCoordinatorResponse.ERROR_CODE));
                if (error == Errors.NONE) {
                    known = new Node(resp.getInt(FindCoordinatorResponse.NODE_ID),
                            resp.getString(FindCoordinatorResponse.HOST), resp.getInt(FindCoordinatorResponse.PORT));
                    synchronized (this) {
                        coordinator = known;
                    }
                    log.info("Group {}: coordinator is {}", config.groupId(), known);
                    return known;
                }
                if (!error.isRetriable()) {
                    throw new GregorApiException(error, "FindCoordinator for group " + config.groupId()
                            + ": " + resp.getString(FindCoordinatorResponse.ERROR_MESSAGE));
                }
                log.debug("FindCoordinator for group {} answered {}", config.groupId(), error);
            } catch (GregorApiException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                log.debug("FindCoordinator for group {} failed: {}", config.groupId(), e.getMessage());
            }
            if (System.currentTimeMillis() + retryBackoffMs >= deadlineMs) {
                return null;
            }
            NetworkClient.sleep(retryBackoffMs);
        }
        return known;
    }

    /** Sends to the coordinator; fails with COORDINATOR_NOT_AVAILABLE when none is known. */
    CompletableFuture<Struct> send(ApiKey api, Struct request, short maxVersion) {
        Node node = coordinator();
        if (node == null) {
            return CompletableFuture.failedFuture(new GregorApiException(Errors.COORDINATOR_NOT_AVAILABLE,
                    "no known coordinator for group " + config.groupId()));
        }
        return coordinatorClient.send(node, api, request, maxVersion);
    }

    /** True for the errors after which the coordinator must be looked up again. */
    static boolean isCoordinatorError(Errors e) {
        return e == Errors.NOT_COORDINATOR || e == Errors.COORDINATOR_NOT_AVAILABLE || e == Errors.NETWORK_EXCEPTION
                || e == Errors.REQUEST_TIMED_OUT;
    }

    /**
     * Leaves the group with LeaveGroup (a dynamic member only: a static member keeps its place until
     * its session times out, as in Kafka) and forgets the generation. Waits until {@code deadlineMs}.
     */
    void leaveGroup(String reason, long deadlineMs) {
        Generation g = generation();
        if (config.groupInstanceId() == null && !g.memberId().isEmpty() && coordinator() != null) {
            log.info("Group {}: member {} leaves ({})", config.groupId(), g.memberId(), reason);
            Struct req = ApiMessages.request(ApiKey.LEAVE_GROUP).newStruct()
                    .set(LeaveGroupRequest.GROUP_ID, config.groupId())
                    .set(LeaveGroupRequest.MEMBER_ID, g.memberId());
            req.addElement(LeaveGroupRequest.MEMBERS).set(Members.MEMBER_ID, g.memberId()).set(Members.REASON, reason);
            try {
                Struct resp = NetworkClient.await(send(ApiKey.LEAVE_GROUP, req, ApiKey.LEAVE_GROUP.maxVersion), deadlineMs);
                Errors error = Errors.forCode(resp.getShort(LeaveGroupResponse.ERROR_CODE));
                if (error != Errors.NONE) {
                    log.info("LeaveGroup of member {} in group {} answered {}", g.memberId(), config.groupId(), error);
                }
            } catch (GregorApiException e) {
                log.info("LeaveGroup of member {} in group {} failed: {}", g.memberId(), config.groupId(), e.getMessage());
            }
        }
        forgetGeneration();
    }

    @Override
    public void close() {
        coordinatorClient.close();
    }
}
