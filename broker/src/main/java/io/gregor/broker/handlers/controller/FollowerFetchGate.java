package io.gregor.broker.handlers.controller;

import io.gregor.broker.handlers.data.FetchReplica;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.Topics;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.coordination.registry.ReplicaEpochVerifier;
import io.gregor.coordination.registry.ReplicaEpochVerifier.Verdict;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a follower's Fetch (one with a replica id, which moves the leader's view of that
 * follower's log end offset, and with it the high watermark and the ISR) passes before its handler.
 * Kafka requires the ClusterAction permission for such fetches; when Gregor has principals and an
 * authorizer, that check goes here, first. Until then the claim is checked against ZooKeeper:
 *
 * <ul>
 *   <li>A version without a replica epoch (before 15) with a replica id is refused whole:
 *       UNSUPPORTED_VERSION for every partition (only brokers fetch as followers, and Gregor's send
 *       v15).</li>
 *   <li>Version 15+ is taken as the follower's only if its ReplicaEpoch is the broker epoch of that
 *       broker's current registration ({@link ReplicaEpochVerifier}); otherwise
 *       NOT_LEADER_OR_FOLLOWER for every partition, Kafka's answer to a fetch of a stale broker
 *       epoch (the follower retries after its backoff).</li>
 * </ul>
 *
 * <p>A refused fetch reaches neither the handler nor any partition: no follower state changes, no
 * records are read. Whether the follower is a replica of each partition is the partition's own
 * check, behind this gate (UNKNOWN_LEADER_EPOCH for a replica outside the assignment, as in Kafka).
 * Consumers' fetches (replica id -1, or -2 for debugging) pass untouched. Refusals are logged with
 * the connection they came from, at most one line per {@link #LOG_INTERVAL_NANOS} with the number
 * left out since the previous line, since a forger can send many. Runs on request-handler threads;
 * never blocks. Thread-safe.
 */
public final class FollowerFetchGate {
    private static final Logger log = LoggerFactory.getLogger(FollowerFetchGate.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final short FIRST_TOPIC_ID_VERSION = 13;

    private final ReplicaEpochVerifier verifier;
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unlogged = new AtomicLong();

    public FollowerFetchGate(ReplicaEpochVerifier verifier) {
        this.verifier = verifier;
    }

    /** Puts the gate in front of the Fetch handler in {@code registry}; call once, after registering it. */
    public void install(ApiHandlerRegistry registry) {
        registry.wrap(ApiKey.FETCH, this::fetch);
    }

    ApiHandler fetch(ApiHandler handler) {
        return (context, request) -> {
            FetchReplica claim = FetchReplica.of(context.apiVersion(), request);
            if (!claim.isFollower()) {
                return handler.handle(context, request);
            }
            Errors error;
            String reason;
            if (!claim.carriesEpoch()) {
                error = Errors.UNSUPPORTED_VERSION;
                reason = "follower fetches need version " + FetchReplica.FIRST_REPLICA_STATE_VERSION
                        + " or later, which carries the replica epoch";
            } else {
                Verdict verdict = verifier.verify(claim.replicaId(), claim.replicaEpoch());
                if (verdict.accepted()) {
                    return handler.handle(context, request);
                }
                error = Errors.NOT_LEADER_OR_FOLLOWER;
                reason = verdict.reason();
            }
            logRefusal(context, claim, error, reason);
            return CompletableFuture.completedFuture(refusal(context.apiVersion(), request, error));
        };
    }

    private void logRefusal(RequestContext context, FetchReplica claim, Errors error, String reason) {
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        if (now - last < LOG_INTERVAL_NANOS || !lastLogNanos.compareAndSet(last, now)) {
            unlogged.incrementAndGet();
            return;
        }
        long leftOut = unlogged.getAndSet(0);
        log.warn("Refused follower Fetch v{} from connection {} ({}, client {}, correlation id {}) claiming broker {} "
                        + "with replica epoch {}: {}, {}{}", context.apiVersion(), context.connectionId(),
                context.clientAddress(), context.clientId(), context.correlationId(), claim.replicaId(),
                claim.replicaEpoch(), error, reason,
                leftOut == 0 ? "" : " (and " + leftOut + " more follower fetches refused since the last such line)");
    }

    /** The answer to a refused fetch: {@code error} for every partition it names, no records. */
    static Struct refusal(short version, Struct request, Errors error) {
        boolean byId = version >= FIRST_TOPIC_ID_VERSION;
        Struct response = ApiMessages.response(ApiKey.FETCH).newStruct()
                .set(FetchResponse.ERROR_CODE, Errors.NONE.code()).set(FetchResponse.SESSION_ID, 0);
        for (Struct topic : request.getStructs(FetchRequest.TOPICS)) {
            Struct topicResponse = response.addElement(FetchResponse.RESPONSES);
            if (byId) {
                topicResponse.set(FetchResponse.Responses.TOPIC_ID, topic.getUuid(FetchRequest.Topics.TOPIC_ID));
            } else {
                topicResponse.set(FetchResponse.Responses.TOPIC, topic.getString(FetchRequest.Topics.TOPIC));
            }
            for (Struct p : topic.getStructs(Topics.PARTITIONS)) {
                topicResponse.addElement(Responses.PARTITIONS)
                        .set(FetchResponse.Responses.Partitions.PARTITION_INDEX,
                        p.getInt(FetchRequest.Topics.Partitions.PARTITION))
                        .set(FetchResponse.Responses.Partitions.ERROR_CODE, error.code())
                        .set(FetchResponse.Responses.Partitions.HIGH_WATERMARK, -1L)
                        .set(FetchResponse.Responses.Partitions.RECORDS, MemoryRecords.EMPTY);
            }
        }
        return response;
    }
}
