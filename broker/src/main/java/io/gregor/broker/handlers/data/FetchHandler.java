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
 * Fetch (v0-17) for consumers and followers. Fetch sessions are answered sessionless: session id 0
 * and error NONE for full fetches, which makes clients keep sending full fetches; an incremental
 * fetch (session epoch above 0) names a session this broker never created, so it gets
 * FETCH_SESSION_ID_NOT_FOUND, as Kafka answers for a session it does not have. Topics are named
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

    /** Gregor's default of {@code fetch.max.wait.ms}, the cap on a request's MaxWaitMs. */
    public static final int DEFAULT_MAX_WAIT_MS = 30_000;

    private final ReplicaManager replicaManager;
    private final Function<UUID, Optional<String>> topicNames;
    private final int maxWaitCapMs;
    private final Predicate<String> downConversionEnabled;

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
        if (maxWaitCapMs < 0) {
            throw new IllegalArgumentException("fetch.max.wait.ms must not be negative, got " + maxWaitCapMs);
        }
        this.replicaManager = replicaManager;
        this.topicNames = topicNames;
        this.maxWaitCapMs = maxWaitCapMs;
        this.downConversionEnabled = downConversionEnabled;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        boolean byId = version >= FIRST_TOPIC_ID_VERSION;
        if (version >= 7 && request.getInt(FetchRequest.SESSION_EPOCH) > 0) {
            Struct response = ApiMessages.response(ApiKey.FETCH).newStruct()
                    .set(FetchResponse.ERROR_CODE, Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                    .set(FetchResponse.SESSION_ID, 0);
            return CompletableFuture.completedFuture(response);
        }
        // a follower's claim reaches this handler only after the broker's FollowerFetchGate checked it
        FetchReplica replica = FetchReplica.of(version, request);
        // a client's wait is bounded (a MaxWaitMs of 24 days would park the request that long); an
        // answer before MaxWaitMs is always allowed, so no client is misled by the cap
        int maxWaitMs = Math.min(request.getInt(FetchRequest.MAX_WAIT_MS), maxWaitCapMs);
        FetchParams params = new FetchParams(replica.replicaId(), replica.replicaEpoch(), maxWaitMs,
                request.getInt(FetchRequest.MIN_BYTES), request.getInt(FetchRequest.MAX_BYTES),
                request.getByte(FetchRequest.ISOLATION_LEVEL) == 1);

        List<FetchPartitionRequest> toRead = new ArrayList<>();
        Map<Struct, TopicPartition> resolved = new IdentityHashMap<>(); // Struct equality is deep
        for (Struct topic : request.getStructs(FetchRequest.TOPICS)) {
            Optional<String> name = byId ? topicNames.apply(topic.getUuid(Topics.TOPIC_ID))
                    : Optional.of(topic.getString(Topics.TOPIC));
            if (name.isEmpty()) {
                continue;
            }
            for (Struct p : topic.getStructs(Topics.PARTITIONS)) {
                if (name.get().isEmpty() || p.getInt(FetchRequest.Topics.Partitions.PARTITION) < 0) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(name.get(), p.getInt(FetchRequest.Topics.Partitions.PARTITION));
                resolved.put(p, tp);
                toRead.add(new FetchPartitionRequest(tp, p.getLong(FetchRequest.Topics.Partitions.FETCH_OFFSET),
                        p.getInt(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES),
                        p.getInt(FetchRequest.Topics.Partitions.CURRENT_LEADER_EPOCH),
                        p.getLong(FetchRequest.Topics.Partitions.LOG_START_OFFSET)));
            }
        }
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
            return response(request, byId, resolved, byPartition);
        });
        // the network layer cancels the answer when the client has gone: the fetch stops waiting
        answer.whenComplete((response, error) -> {
            if (answer.isCancelled()) {
                fetched.cancel(false);
            }
        });
        return answer;
    }

    private static Struct response(Struct request, boolean byId, Map<Struct, TopicPartition> resolved,
                                   Map<TopicPartition, FetchPartitionResult> results) {
        Struct response = ApiMessages.response(ApiKey.FETCH).newStruct()
                .set(FetchResponse.ERROR_CODE, Errors.NONE.code())
                .set(FetchResponse.SESSION_ID, 0);
        for (Struct topic : request.getStructs(FetchRequest.TOPICS)) {
            Struct topicResponse = response.addElement(FetchResponse.RESPONSES);
            if (byId) {
                topicResponse.set(FetchResponse.Responses.TOPIC_ID, topic.getUuid(FetchRequest.Topics.TOPIC_ID));
            } else {
                topicResponse.set(FetchResponse.Responses.TOPIC, topic.getString(FetchRequest.Topics.TOPIC));
            }
            for (Struct p : topic.getStructs(Topics.PARTITIONS)) {
                TopicPartition tp = resolved.get(p);
                FetchPartitionResult r = tp == null ? null : results.get(tp);
                Struct out = topicResponse.addElement(Responses.PARTITIONS)
                        .set(FetchResponse.Responses.Partitions.PARTITION_INDEX,
                        p.getInt(FetchRequest.Topics.Partitions.PARTITION));
                if (r == null) {
                    out.set(FetchResponse.Responses.Partitions.ERROR_CODE,
                            (byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code())
                            .set(FetchResponse.Responses.Partitions.HIGH_WATERMARK, -1L)
                            .set(FetchResponse.Responses.Partitions.RECORDS, MemoryRecords.EMPTY);
                    continue;
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
        return response;
    }
}
