package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions.AbortedTransactions;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.core.index.AbortedTxn;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.FetchParams;
import io.gregor.replication.FetchPartitionRequest;
import io.gregor.replication.FetchPartitionResult;
import io.gregor.replication.ReplicaManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fetch (v0-17) for consumers and followers, with incremental fetch sessions (KIP-227, v7+) as
 * Kafka has them: a full fetch at session epoch 0 opens a session ({@link FetchSessionCache}; its
 * id is in the answer, or 0 when the cache has no room), one at epoch -1 is sessionless and closes
 * the session it names; an incremental fetch names only what changed since the session's last
 * request, reads every partition of the session ({@link FetchSession}) and is answered with only the
 * partitions that have records, an error or new offsets to tell. An unknown session (or one opened
 * by another replica id) gets FETCH_SESSION_ID_NOT_FOUND, a wrong epoch INVALID_FETCH_SESSION_EPOCH,
 * a switch between topic names and ids FETCH_SESSION_TOPIC_ID_ERROR. Topics are named
 * (v4-12) or identified by id (v13+; unknown ids answer UNKNOWN_TOPIC_ID). Records are the log's
 * file slices, sent with zero copy by the network layer. A request waits for MinBytes at most its
 * MaxWaitMs and at most {@code fetch.max.wait.ms} (Gregor's cap, 30 s by default). A follower's
 * fetch (a replica id) is served as that follower's: the broker puts the
 * {@link io.gregor.broker.handlers.controller.FollowerFetchGate} in front of this handler, which
 * lets only checked claims through. A waiting fetch whose answer is cancelled (its client closed
 * the connection) leaves the purgatory at once. Fetch v0-3 (old consumers) get their records
 * down-converted to message format v0 or v1 ({@link FetchDownConversion}), unless the topic's
 * {@code message.downconversion.enable} is false: then, as in Kafka, a consumer's (not a
 * follower's) Fetch v0-3 gets UNSUPPORTED_VERSION for that topic's partitions; v4+ gets the log's
 * bytes as they are. A read_committed fetch (isolation level 1, v4+) reads up to the last stable
 * offset and is answered with the aborted transactions that overlap what it read; others get a null
 * list, as Kafka answers them.
 */
public final class FetchHandler implements ApiHandler {
    private static final int FIRST_TOPIC_ID_VERSION = 13;
    private static final int FIRST_SESSION_VERSION = 7;
    /** The session epoch of a full fetch that opens a session. */
    private static final int INITIAL_EPOCH = 0;
    /** The session epoch of a full fetch without a session. */
    private static final int FINAL_EPOCH = -1;

    /** Gregor's default of {@code fetch.max.wait.ms}, the cap on a request's MaxWaitMs. */
    public static final int DEFAULT_MAX_WAIT_MS = 30_000;

    private final ReplicaManager replicaManager;
    private final Function<UUID, Optional<String>> topicNames;
    private final int maxWaitCapMs;
    private final Predicate<String> downConversionEnabled;
    private final FetchSessionCache sessions;

    public FetchHandler(ReplicaManager replicaManager, Function<UUID, Optional<String>> topicNames) {
        this(replicaManager, topicNames, DEFAULT_MAX_WAIT_MS);
    }

    /** A handler that waits at most {@code maxWaitCapMs} ({@code fetch.max.wait.ms}) whatever MaxWaitMs asks. */
    public FetchHandler(ReplicaManager replicaManager, Function<UUID, Optional<String>> topicNames, int maxWaitCapMs) {
        this(replicaManager, topicNames, maxWaitCapMs, topic -> true);
    }

    /** As above; {@code downConversionEnabled} tells a topic's {@code message.downconversion.enable}. */
    public FetchHandler(ReplicaManager replicaManager, Function<UUID, Optional<String>> topicNames, int maxWaitCapMs,
                        Predicate<String> downConversionEnabled) {
        this(replicaManager, topicNames, maxWaitCapMs, downConversionEnabled,
                new FetchSessionCache(FetchSessionCache.DEFAULT_SLOTS, System::currentTimeMillis));
    }

    /** As above, with the broker's fetch sessions in {@code sessions}. */
    public FetchHandler(ReplicaManager replicaManager, Function<UUID, Optional<String>> topicNames, int maxWaitCapMs,
                        Predicate<String> downConversionEnabled, FetchSessionCache sessions) {
        if (maxWaitCapMs < 0) {
            throw new IllegalArgumentException("fetch.max.wait.ms must not be negative, got " + maxWaitCapMs);
        }
        this.replicaManager = replicaManager;
        this.topicNames = topicNames;
        this.maxWaitCapMs = maxWaitCapMs;
        this.downConversionEnabled = downConversionEnabled;
        this.sessions = sessions;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        boolean byId = version >= FIRST_TOPIC_ID_VERSION;
        // a follower's claim reaches this handler only after the broker's FollowerFetchGate checked it
        FetchReplica replica = FetchReplica.of(version, request);
        // a client's wait is bounded (a MaxWaitMs of 24 days would park the request that long); an
        // answer before MaxWaitMs is always allowed, so no client is misled by the cap
        int maxWaitMs = Math.min(request.getInt(FetchRequest.MAX_WAIT_MS), maxWaitCapMs);
        FetchParams params = new FetchParams(replica.replicaId(), replica.replicaEpoch(), maxWaitMs,
                request.getInt(FetchRequest.MIN_BYTES), request.getInt(FetchRequest.MAX_BYTES),
                request.getByte(FetchRequest.ISOLATION_LEVEL) == 1);
        int sessionId = version >= FIRST_SESSION_VERSION ? request.getInt(FetchRequest.SESSION_ID) : 0;
        int epoch = version >= FIRST_SESSION_VERSION ? request.getInt(FetchRequest.SESSION_EPOCH) : FINAL_EPOCH;
        if (epoch != INITIAL_EPOCH && epoch != FINAL_EPOCH) {
            return incremental(request, byId, params, sessionId, epoch);
        }
        if (sessionId != 0) {
            sessions.remove(sessionId, replica.replicaId()); // a full fetch ends the session it names
        }
        boolean openSession = epoch == INITIAL_EPOCH && version >= FIRST_SESSION_VERSION;

        List<FetchPartitionRequest> toRead = new ArrayList<>();
        Map<Struct, TopicPartition> resolved = new IdentityHashMap<>(); // Struct equality is deep
        int named = 0;
        for (Struct topic : request.getStructs(FetchRequest.TOPICS)) {
            Optional<String> name = byId ? topicNames.apply(topic.getUuid(Topics.TOPIC_ID))
                    : Optional.of(topic.getString(Topics.TOPIC));
            named += topic.getStructs(Topics.PARTITIONS).size();
            if (name.isEmpty()) {
                continue;
            }
            for (Struct p : topic.getStructs(Topics.PARTITIONS)) {
                if (name.get().isEmpty() || p.getInt(FetchRequest.Topics.Partitions.PARTITION) < 0) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(name.get(), p.getInt(FetchRequest.Topics.Partitions.PARTITION));
                resolved.put(p, tp);
                toRead.add(toRead(tp, p));
            }
        }
        int sessionSize = named;
        CompletableFuture<List<FetchPartitionResult>> fetched = replicaManager.fetchMessages(params, toRead);
        CompletableFuture<Struct> answer = fetched.thenApply(results -> {
            Map<TopicPartition, FetchPartitionResult> byPartition = new HashMap<>();
            results.forEach(r -> byPartition.put(r.topicPartition(), r));
            if (version <= FetchDownConversion.LAST_LEGACY_VERSION) {
                byte toMagic = FetchDownConversion.magicFor(version);
                boolean fromConsumer = replica.replicaId() < 0;
                for (FetchPartitionRequest read : toRead) {
                    byPartition.computeIfPresent(read.topicPartition(), (tp, r) ->
                            fromConsumer && !downConversionEnabled.test(tp.topic())
                                    ? FetchDownConversion.refused(tp)
                                    : FetchDownConversion.convert(r, toMagic, read.fetchOffset()));
                }
            }
            FetchSession session = openSession ? sessions.create(replica.replicaId(), byId, sessionSize) : null;
            return response(request, byId, resolved, byPartition, session);
        });
        return cancellable(answer, fetched);
    }

    /** The network layer cancels the answer when the client has gone: the fetch stops waiting. */
    private static CompletableFuture<Struct> cancellable(CompletableFuture<Struct> answer,
                                                         CompletableFuture<List<FetchPartitionResult>> fetched) {
        answer.whenComplete((response, error) -> {
            if (answer.isCancelled()) {
                fetched.cancel(false);
            }
        });
        return answer;
    }

    private static FetchPartitionRequest toRead(TopicPartition tp, Struct p) {
        return new FetchPartitionRequest(tp, p.getLong(FetchRequest.Topics.Partitions.FETCH_OFFSET),
                p.getInt(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES),
                p.getInt(FetchRequest.Topics.Partitions.CURRENT_LEADER_EPOCH),
                p.getLong(FetchRequest.Topics.Partitions.LOG_START_OFFSET));
    }

    /** An incremental fetch of session {@code sessionId} at {@code epoch} (v7+, no down-conversion). */
    private CompletableFuture<Struct> incremental(Struct request, boolean byId, FetchParams params, int sessionId,
                                                  int epoch) {
        FetchSession session = sessions.get(sessionId, params.replicaId());
        if (session == null) {
            return sessionError(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }
        if (session.usesTopicIds != byId) {
            return sessionError(Errors.FETCH_SESSION_TOPIC_ID_ERROR);
        }
        FetchSession.Read read = session.update(epoch, request, topicNames, sessions.nowMs());
        if (read == null) {
            return sessionError(Errors.INVALID_FETCH_SESSION_EPOCH);
        }
        List<FetchPartitionRequest> toRead = new ArrayList<>(read.requests().size());
        for (FetchPartitionRequest r : read.requests()) {
            if (r != null) {
                toRead.add(r);
            }
        }
        CompletableFuture<List<FetchPartitionResult>> fetched = replicaManager.fetchMessages(params, toRead);
        CompletableFuture<Struct> answer = fetched.thenApply(results -> {
            Map<TopicPartition, FetchPartitionResult> byPartition = new HashMap<>();
            results.forEach(r -> byPartition.put(r.topicPartition(), r));
            List<FetchPartitionResult> aligned = new ArrayList<>(read.requests().size());
            for (FetchPartitionRequest r : read.requests()) {
                aligned.add(r == null ? null : byPartition.get(r.topicPartition()));
            }
            Struct response = ApiMessages.response(ApiKey.FETCH).newStruct()
                    .set(FetchResponse.ERROR_CODE, Errors.NONE.code())
                    .set(FetchResponse.SESSION_ID, session.id);
            Struct topicResponse = null;
            FetchSession.CachedPartition previous = null;
            for (int i : session.toAnswer(read, aligned)) {
                FetchSession.CachedPartition p = read.partitions().get(i);
                if (previous == null || !(byId ? p.topicId.equals(previous.topicId) : p.topic.equals(previous.topic))) {
                    topicResponse = response.addElement(FetchResponse.RESPONSES);
                    if (byId) {
                        topicResponse.set(FetchResponse.Responses.TOPIC_ID, p.topicId);
                    } else {
                        topicResponse.set(FetchResponse.Responses.TOPIC, p.topic);
                    }
                }
                previous = p;
                writePartition(topicResponse.addElement(Responses.PARTITIONS), p.partition, aligned.get(i), byId);
            }
            return response;
        });
        return cancellable(answer, fetched);
    }

    private static CompletableFuture<Struct> sessionError(Errors error) {
        return CompletableFuture.completedFuture(ApiMessages.response(ApiKey.FETCH).newStruct()
                .set(FetchResponse.ERROR_CODE, error.code()).set(FetchResponse.SESSION_ID, 0));
    }

    /**
     * A full fetch's answer, every partition in the request's order; fills {@code session} (null:
     * none) with them. As in Kafka, which answers from the partitions listed, a topic entry that
     * lists none gets no entry: the fetcher would read it as a topic it did not ask about.
     */
    private static Struct response(Struct request, boolean byId, Map<Struct, TopicPartition> resolved,
                                   Map<TopicPartition, FetchPartitionResult> results, FetchSession session) {
        Struct response = ApiMessages.response(ApiKey.FETCH).newStruct()
                .set(FetchResponse.ERROR_CODE, Errors.NONE.code())
                .set(FetchResponse.SESSION_ID, session == null ? 0 : session.id);
        for (Struct topic : request.getStructs(FetchRequest.TOPICS)) {
            if (topic.getStructs(Topics.PARTITIONS).isEmpty()) {
                continue;
            }
            Struct topicResponse = response.addElement(FetchResponse.RESPONSES);
            UUID topicId = byId ? topic.getUuid(FetchRequest.Topics.TOPIC_ID) : null;
            if (byId) {
                topicResponse.set(FetchResponse.Responses.TOPIC_ID, topicId);
            } else {
                topicResponse.set(FetchResponse.Responses.TOPIC, topic.getString(FetchRequest.Topics.TOPIC));
            }
            for (Struct p : topic.getStructs(Topics.PARTITIONS)) {
                TopicPartition tp = resolved.get(p);
                FetchPartitionResult r = tp == null ? null : results.get(tp);
                writePartition(topicResponse.addElement(Responses.PARTITIONS),
                        p.getInt(FetchRequest.Topics.Partitions.PARTITION), r, byId);
                if (session != null) {
                    session.addFromFullFetch(topicId, byId ? null : topic.getString(FetchRequest.Topics.TOPIC), p, r);
                }
            }
        }
        return response;
    }

    /** One partition of an answer; {@code r} null: the topic (by id or name) or partition is unknown. */
    private static void writePartition(Struct out, int partition, FetchPartitionResult r, boolean byId) {
        out.set(FetchResponse.Responses.Partitions.PARTITION_INDEX, partition);
        if (r == null) {
            out.set(FetchResponse.Responses.Partitions.ERROR_CODE,
                            (byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code())
                    .set(FetchResponse.Responses.Partitions.HIGH_WATERMARK, -1L)
                    .set(FetchResponse.Responses.Partitions.RECORDS, MemoryRecords.EMPTY);
            return;
        }
        out.set(FetchResponse.Responses.Partitions.ERROR_CODE, r.error().code())
                .set(FetchResponse.Responses.Partitions.HIGH_WATERMARK, r.highWatermark())
                .set(FetchResponse.Responses.Partitions.LAST_STABLE_OFFSET, r.lastStableOffset())
                .set(FetchResponse.Responses.Partitions.LOG_START_OFFSET, r.logStartOffset())
                .set(FetchResponse.Responses.Partitions.ABORTED_TRANSACTIONS, null)
                .set(FetchResponse.Responses.Partitions.PREFERRED_READ_REPLICA, -1)
                .set(FetchResponse.Responses.Partitions.RECORDS, r.records());
        if (r.abortedTransactions() != null) {
            out.set(FetchResponse.Responses.Partitions.ABORTED_TRANSACTIONS, new ArrayList<>());
            for (AbortedTxn txn : r.abortedTransactions()) {
                out.addElement(FetchResponse.Responses.Partitions.ABORTED_TRANSACTIONS)
                        .set(AbortedTransactions.PRODUCER_ID, txn.producerId())
                        .set(AbortedTransactions.FIRST_OFFSET, txn.firstOffset());
            }
        }
    }
}
