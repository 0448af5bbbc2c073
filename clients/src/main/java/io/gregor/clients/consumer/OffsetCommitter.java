package io.gregor.clients.consumer;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.OffsetCommitRequest;
import io.gregor.clients.protocol.schemas.OffsetCommitResponse;
import io.gregor.clients.protocol.schemas.OffsetFetchRequest;
import io.gregor.clients.protocol.schemas.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OffsetCommit and OffsetFetch against the group coordinator, stamped with the member's generation.
 * Synchronous commits retry coordinator and retriable errors until their deadline; asynchronous ones
 * are sent once and their callbacks run on the polling thread ({@link #invokeCompletedCallbacks}).
 * A commit refused because the member left its generation fails with {@link CommitFailedException}.
 */
final class OffsetCommitter {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);
    private static final short OFFSET_COMMIT_VERSION = 8; // v9 is for the KIP-848 protocol's member epochs
    private static final short OFFSET_FETCH_VERSION = 7; // one group per request, as a classic consumer asks

    private final GroupMembership membership;
    /** Completed async commits waiting for their callback; filled by network threads, drained by the polling thread. */
    private final Queue<Runnable> completed = new ConcurrentLinkedQueue<>();

    OffsetCommitter(GroupMembership membership) {
        this.membership = membership;
    }

    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineMs) {
        invokeCompletedCallbacks();
        if (offsets.isEmpty()) {
            return;
        }
        retrying("commit of " + offsets.keySet(), deadlineMs, () -> send(offsets), resp -> {
            Errors error = firstError(resp);
            if (error != Errors.NONE) {
                throw toException(error, offsets); // a retriable GregorApiException means: try again
            }
            return Boolean.TRUE;
        });
    }

    /**
     * Sends with {@code send} and reads the answer with {@code read} until it returns, retrying
     * retriable and coordinator errors (looking the coordinator up again) until {@code deadlineMs}.
     */
    private <T> T retrying(String what, long deadlineMs, Supplier<CompletableFuture<Struct>> send, Function<Struct, T> read) {
        GregorApiException last = null;
        while (true) {
            if (membership.ensureCoordinator(deadlineMs) != null) {
                try {
                    return read.apply(NetworkClient.await(send.get(), deadlineMs));
                } catch (GregorApiException e) {
                    if (!e.isRetriable() && !GroupMembership.isCoordinatorError(e.error())) {
                        throw e;
                    }
                    if (GroupMembership.isCoordinatorError(e.error()) && System.currentTimeMillis() < deadlineMs) {
                        membership.markCoordinatorUnknown(what + " failed: " + e.getMessage()); // not just our deadline passing
                    }
                    last = e;
                }
            }
            if (System.currentTimeMillis() + membership.retryBackoffMs() >= deadlineMs) {
                throw new GregorApiException(Errors.REQUEST_TIMED_OUT, what + " in group " + membership.config().groupId()
                        + " did not complete in time" + (last == null ? "" : "; last error: " + last.getMessage()), last);
            }
            NetworkClient.sleep(membership.retryBackoffMs());
        }
    }

    void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback, long lookupDeadlineMs) {
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        if (membership.ensureCoordinator(lookupDeadlineMs) == null) {
            completed.add(() -> callback.onComplete(copy, new GregorApiException(Errors.COORDINATOR_NOT_AVAILABLE,
                    "no coordinator found for group " + membership.config().groupId())));
            return;
        }
        send(copy).whenComplete((resp, failure) -> {
            Exception e;
            if (failure != null) {
                GregorApiException g = failure instanceof GregorApiException x ? x
                        : new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, String.valueOf(failure), failure);
                if (GroupMembership.isCoordinatorError(g.error())) {
                    membership.markCoordinatorUnknown("OffsetCommit failed: " + g.getMessage());
                }
                e = g;
            } else {
                Errors error = firstError(resp);
                e = error == Errors.NONE ? null : toException(error, copy);
            }
            completed.add(() -> callback.onComplete(copy, e));
        });
    }

    void invokeCompletedCallbacks() {
        Runnable r;
        while ((r = completed.poll()) != null) {
            r.run();
        }
    }

    private CompletableFuture<Struct> send(Map<TopicPartition, OffsetAndMetadata> offsets) {
        GroupMembership.Generation g = membership.generation();
        GroupConfig config = membership.config();
        Struct req = ApiMessages.request(ApiKey.OFFSET_COMMIT).newStruct()
                .set(OffsetCommitRequest.GROUP_ID, config.groupId())
                .set(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH, g.generationId())
                .set(OffsetCommitRequest.MEMBER_ID, g.memberId())
                .set(OffsetCommitRequest.GROUP_INSTANCE_ID, config.groupInstanceId());
        Map<String, Struct> topics = new LinkedHashMap<>();
        offsets.forEach((tp, om) -> topics.computeIfAbsent(tp.topic(), t -> req.addElement(OffsetCommitRequest.TOPICS)
                .set(OffsetCommitRequest.Topics.NAME, t))
                .addElement(OffsetCommitRequest.Topics.PARTITIONS)
                .set(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX, tp.partition())
                .set(OffsetCommitRequest.Topics.Partitions.COMMITTED_OFFSET, om.offset())
                .set(OffsetCommitRequest.Topics.Partitions.COMMITTED_LEADER_EPOCH, om.leaderEpoch())
                .set(OffsetCommitRequest.Topics.Partitions.COMMITTED_METADATA, om.metadata()));
        return membership.send(ApiKey.OFFSET_COMMIT, req, OFFSET_COMMIT_VERSION);
    }

    private static Errors firstError(Struct resp) {
        for (Struct t : resp.getStructs(OffsetCommitResponse.TOPICS)) {
            for (Struct p : t.getStructs(OffsetCommitResponse.Topics.PARTITIONS)) {
                Errors e = Errors.forCode(p.getShort(OffsetCommitResponse.Topics.Partitions.ERROR_CODE));
                if (e != Errors.NONE) {
                    return e;
                }
            }
        }
        return Errors.NONE;
    }

    /** The exception for a commit error, updating membership as the error demands. */
    private RuntimeException toException(Errors error, Map<TopicPartition, OffsetAndMetadata> offsets) {
        String what = "commit of " + offsets.keySet() + " to group " + membership.config().groupId();
        switch (error) {
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                membership.resetGeneration("OffsetCommit answered " + error);
                return new CommitFailedException(error, what + ": the member is no longer in the group's generation");
            }
            case REBALANCE_IN_PROGRESS -> {
                membership.requestRejoin("OffsetCommit answered " + error);
                return new CommitFailedException(error, what + ": the group is rebalancing; poll() to rejoin, then commit again");
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                membership.markCoordinatorUnknown("OffsetCommit answered " + error);
                return new GregorApiException(error, what);
            }
            default -> {
                return new GregorApiException(error, what);
            }
        }
    }

    /** The committed offsets of {@code partitions} (null for partitions without one), retrying until {@code deadlineMs}. */
    Map<TopicPartition, OffsetAndMetadata> fetchCommitted(Set<TopicPartition> partitions, long deadlineMs) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        GroupConfig config = membership.config();
        Struct req = ApiMessages.request(ApiKey.OFFSET_FETCH).newStruct()
                .set(OffsetFetchRequest.GROUP_ID, config.groupId())
                .set(OffsetFetchRequest.REQUIRE_STABLE, false);
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        byTopic.forEach((t, ps) -> req.addElement(OffsetFetchRequest.TOPICS).set(OffsetFetchRequest.Topics.NAME, t)
                .set(OffsetFetchRequest.Topics.PARTITION_INDEXES, ps));
        return retrying("OffsetFetch of " + partitions, deadlineMs,
                () -> membership.send(ApiKey.OFFSET_FETCH, req, OFFSET_FETCH_VERSION), resp -> {
                    Errors top = Errors.forCode(resp.getShort(OffsetFetchResponse.ERROR_CODE));
                    if (top != Errors.NONE) {
                        throw new GregorApiException(top, "OffsetFetch of " + partitions + " from group " + config.groupId());
                    }
                    return committedFrom(resp, partitions);
                });
    }

    private Map<TopicPartition, OffsetAndMetadata> committedFrom(Struct resp, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach(tp -> out.put(tp, null));
        for (Struct t : resp.getStructs(OffsetFetchResponse.TOPICS)) {
            for (Struct p : t.getStructs(OffsetFetchResponse.Topics.PARTITIONS)) {
                TopicPartition tp = new TopicPartition(t.getString(OffsetFetchResponse.Topics.NAME),
                        p.getInt(OffsetFetchResponse.Topics.Partitions.PARTITION_INDEX));
                Errors error = Errors.forCode(p.getShort(OffsetFetchResponse.Topics.Partitions.ERROR_CODE));
                if (error != Errors.NONE) {
                    throw new GregorApiException(error, "OffsetFetch of " + tp + " from group " + membership.config().groupId());
                }
                long offset = p.getLong(OffsetFetchResponse.Topics.Partitions.COMMITTED_OFFSET);
                if (offset >= 0) {
                    String metadata = p.getString(OffsetFetchResponse.Topics.Partitions.METADATA);
                    out.put(tp, new OffsetAndMetadata(offset,
                            p.getInt(OffsetFetchResponse.Topics.Partitions.COMMITTED_LEADER_EPOCH),
                                    metadata == null ? "" : metadata));
                }
            }
        }
        log.debug("Committed offsets of group {}: {}", membership.config().groupId(), out);
        return out;
    }
}
