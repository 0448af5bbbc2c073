package io.gregor.clients.consumer;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.HeartbeatRequest;
import io.gregor.clients.protocol.schemas.HeartbeatResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a stable member alive: every {@code heartbeat.interval.ms} a Heartbeat to the coordinator.
 * REBALANCE_IN_PROGRESS asks the polling thread to rejoin; UNKNOWN_MEMBER_ID and ILLEGAL_GENERATION
 * reset the generation (the partitions are lost, the member rejoins); coordinator errors and
 * timeouts make the member look the coordinator up again; FENCED_INSTANCE_ID is handed to the
 * application's next poll. When the application has not polled for {@code max.poll.interval.ms}
 * the member leaves the group, as Kafka's does. Silent while the member is not stable.
 */
final class HeartbeatThread extends Thread {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatThread.class);

    private final GroupMembership membership;
    /** Set once by {@link #shutdown}; read by this thread. */
    private volatile boolean closing;

    HeartbeatThread(GroupMembership membership, String clientId) {
        super("gregor-heartbeat-" + clientId + "-" + membership.config().groupId());
        setDaemon(true);
        this.membership = membership;
    }

    /** Stops the thread; call after closing the membership's connections so no heartbeat is left waiting. */
    void shutdown() {
        closing = true;
        synchronized (membership) {
            membership.notifyAll();
        }
        try {
            join(membership.config().heartbeatIntervalMs() + membership.retryBackoffMs() + 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        GroupConfig config = membership.config();
        while (!closing) {
            try {
                synchronized (membership) {
                    membership.wait(config.heartbeatIntervalMs()); // the heartbeat period; shutdown wakes it early
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closing || membership.state() != GroupMembership.State.STABLE || membership.rejoinNeeded()) {
                continue;
            }
            long sincePoll = System.currentTimeMillis() - membership.lastPollMs();
            if (sincePoll > config.maxPollIntervalMs()) {
                log.warn("Group {}: no poll for {} ms, more than max.poll.interval.ms={}; leaving the group",
                        config.groupId(), sincePoll, config.maxPollIntervalMs());
                membership.leaveGroup("consumer poll timeout has expired", System.currentTimeMillis() + config.sessionTimeoutMs());
                continue;
            }
            try {
                heartbeat();
            } catch (RuntimeException e) {
                log.error("Group {}: heartbeat failed unexpectedly", config.groupId(), e);
            }
        }
    }

    private void heartbeat() {
        GroupConfig config = membership.config();
        if (membership.ensureCoordinator(System.currentTimeMillis() + config.heartbeatIntervalMs()) == null) {
            return;
        }
        GroupMembership.Generation g = membership.generation();
        Struct req = ApiMessages.request(ApiKey.HEARTBEAT).newStruct().set(HeartbeatRequest.GROUP_ID, config.groupId())
                .set(HeartbeatRequest.GENERATION_ID, g.generationId()).set(HeartbeatRequest.MEMBER_ID, g.memberId())
                .set(HeartbeatRequest.GROUP_INSTANCE_ID, config.groupInstanceId());
        Errors error;
        try {
            Struct resp = NetworkClient.await(membership.send(ApiKey.HEARTBEAT, req, ApiKey.HEARTBEAT.maxVersion),
                    System.currentTimeMillis() + config.sessionTimeoutMs());
            error = Errors.forCode(resp.getShort(HeartbeatResponse.ERROR_CODE));
        } catch (GregorApiException e) {
            error = e.error();
        }
        if (!g.equals(membership.generation())) {
            return; // the answer is about a generation the polling thread already left
        }
        switch (error) {
            case NONE -> { }
            case REBALANCE_IN_PROGRESS -> membership.requestRejoin("the group is rebalancing");
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> membership.resetGeneration("heartbeat answered " + error);
            case FENCED_INSTANCE_ID -> {
                membership.resetGeneration("heartbeat answered " + error);
                membership.fail(new GregorApiException(error, "group.instance.id " + config.groupInstanceId()
                        + " of group " + config.groupId() + " is used by another consumer"));
            }
            default -> {
                if (GroupMembership.isCoordinatorError(error) || error.isRetriable()) {
                    membership.markCoordinatorUnknown("heartbeat answered " + error);
                } else {
                    log.warn("Group {}: heartbeat of member {} answered {}", config.groupId(), g.memberId(), error);
                }
            }
        }
    }
}
