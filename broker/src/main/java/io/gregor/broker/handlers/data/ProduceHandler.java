package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ProduceRequest;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData;
import io.gregor.clients.protocol.schemas.ProduceRequest.TopicData.PartitionData;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import io.gregor.clients.record.CorruptRecordException;
import io.gregor.clients.record.InvalidRecordException;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordConversion;
import io.gregor.clients.record.Records;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ProducePartitionResult;
import io.gregor.replication.ReplicaManager;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Produce (v0-11): hands each partition's batch to the {@link ReplicaManager} and answers per
 * partition; with acks=0 the future completes with null (no response). Partitions whose records
 * are missing or not in memory answer CORRUPT_MESSAGE. Transactional batches need the request's
 * transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED without one, as in Kafka); a transactional
 * batch that would open a transaction in its partition is first passed to the
 * {@link TransactionVerification} (KIP-890), and a partition it refuses answers its error.
 *
 * <p>Produce v0-2 may carry message sets of format v0/v1: they are up-converted to one batch v2
 * ({@link RecordConversion#upConvert}) before the append, as Kafka 3.x does, since the log holds
 * batch v2 only; a bad CRC answers CORRUPT_MESSAGE, a malformed set INVALID_RECORD. A v0-2
 * request carrying a batch v2 takes the v2 path unchanged, and so does every v3+ request.
 */
public final class ProduceHandler implements ApiHandler {
    /** The last Produce version whose message sets may be of format v0/v1. */
    static final short LAST_LEGACY_VERSION = 2;
    /**
     * The most bytes a compressed v0/v1 message set may decompress to (Kafka's default
     * socket.request.max.bytes): the up-conversion holds them in memory, so a small compressed
     * request cannot make it allocate without bound.
     */
    static final int LEGACY_MAX_DECOMPRESSED_BYTES = 100 * 1024 * 1024;

    private final ReplicaManager replicaManager;
    private final Supplier<TransactionVerification> verification;

    /** A handler that verifies no transactional batch with a coordinator ({@link TransactionVerification#ALLOW_ALL}). */
    public ProduceHandler(ReplicaManager replicaManager) {
        this(replicaManager, () -> TransactionVerification.ALLOW_ALL);
    }

    /** @param verification the current KIP-890 check, read per request (the coordinator may be wired after start) */
    public ProduceHandler(ReplicaManager replicaManager, Supplier<TransactionVerification> verification) {
        this.replicaManager = replicaManager;
        this.verification = verification;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short acks = request.getShort(ProduceRequest.ACKS);
        Map<TopicPartition, ProducePartitionResult> early = new LinkedHashMap<>();
        Map<TopicPartition, MemoryRecords> entries = new LinkedHashMap<>();
        String transactionalId = request.getString(ProduceRequest.TRANSACTIONAL_ID);
        for (Struct topic : request.getStructs(ProduceRequest.TOPIC_DATA)) {
            String name = topic.getString(TopicData.NAME);
            for (Struct p : topic.getStructs(TopicData.PARTITION_DATA)) {
                if (name.isEmpty() || p.getInt(PartitionData.INDEX) < 0) {
                    continue; // answered UNKNOWN_TOPIC_OR_PARTITION below
                }
                TopicPartition tp = new TopicPartition(name, p.getInt(PartitionData.INDEX));
                Records records = p.getRecords(PartitionData.RECORDS);
                if (records instanceof MemoryRecords memory && context.apiVersion() <= LAST_LEGACY_VERSION
                        && RecordConversion.isLegacy(memory)) {
                    try {
                        entries.put(tp, RecordConversion.upConvert(memory, LEGACY_MAX_DECOMPRESSED_BYTES));
                    } catch (InvalidRecordException e) {
                        early.put(tp, ProducePartitionResult.error(Errors.INVALID_RECORD, e.getMessage()));
                    } catch (CorruptRecordException e) {
                        early.put(tp, ProducePartitionResult.error(Errors.CORRUPT_MESSAGE, e.getMessage()));
                    }
                } else if (records instanceof MemoryRecords memory) {
                    entries.put(tp, memory);
                } else {
                    early.put(tp, ProducePartitionResult.error(Errors.CORRUPT_MESSAGE, "no records for " + tp));
                }
            }
        }
        TransactionalBatches txn = TransactionalBatches.of(entries);
        if (txn != null && transactionalId == null) {
            // as Kafka: transactional records need the transactional id their Write permission is checked on
            for (TopicPartition tp : entries.keySet()) {
                early.put(tp, ProducePartitionResult.error(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                        "transactional records without a transactional id"));
            }
            entries.clear();
        }
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appended;
        if (txn == null || entries.isEmpty()) {
            appended = replicaManager.appendRecords(request.getInt(ProduceRequest.TIMEOUT_MS), acks, entries);
        } else {
            Set<TopicPartition> opening = new LinkedHashSet<>();
            for (TopicPartition tp : txn.partitions()) {
                boolean open = replicaManager.partition(tp).map(p -> p.hasOngoingTxn(txn.producerId())).orElse(true);
                if (!open) {
                    opening.add(tp);
                }
            }
            CompletableFuture<Map<TopicPartition, Errors>> verified = opening.isEmpty()
                    ? CompletableFuture.completedFuture(Map.of())
                    : verification.get().verify(transactionalId, txn.producerId(), txn.producerEpoch(), opening);
            appended = verified.thenCompose(refused -> {
                Map<TopicPartition, MemoryRecords> allowed = new LinkedHashMap<>(entries);
                Map<TopicPartition, ProducePartitionResult> refusedResults = new LinkedHashMap<>();
                refused.forEach((tp, error) -> {
                    if (allowed.remove(tp) != null) {
                        refusedResults.put(tp, ProducePartitionResult.error(error, "the transaction coordinator did not"
                                + " verify " + tp + " for transactional id " + transactionalId));
                    }
                });
                return replicaManager.appendRecords(request.getInt(ProduceRequest.TIMEOUT_MS), acks, allowed)
                        .thenApply(results -> {
                            Map<TopicPartition, ProducePartitionResult> all = new LinkedHashMap<>(refusedResults);
                            all.putAll(results);
                            return all;
                        });
            });
        }
        return appended.thenApply(results -> {
            if (acks == 0) {
                return null;
            }
            Map<TopicPartition, ProducePartitionResult> all = new LinkedHashMap<>(early);
            all.putAll(results);
            return response(request, all);
        });
    }

    private static Struct response(Struct request, Map<TopicPartition, ProducePartitionResult> results) {
        Struct response = ApiMessages.response(ApiKey.PRODUCE).newStruct();
        for (Struct topic : request.getStructs(ProduceRequest.TOPIC_DATA)) {
            String name = topic.getString(TopicData.NAME);
            Struct topicResponse = response.addElement(ProduceResponse.RESPONSES).set(Responses.NAME, name);
            for (Struct p : topic.getStructs(TopicData.PARTITION_DATA)) {
                int index = p.getInt(PartitionData.INDEX);
                ProducePartitionResult r = name.isEmpty() || index < 0
                        ? ProducePartitionResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + name + "-" + index)
                        : results.get(new TopicPartition(name, index));
                topicResponse.addElement(Responses.PARTITION_RESPONSES)
                        .set(PartitionResponses.INDEX, index)
                        .set(PartitionResponses.ERROR_CODE, r.error().code())
                        .set(PartitionResponses.BASE_OFFSET, r.baseOffset())
                        .set(PartitionResponses.LOG_APPEND_TIME_MS, r.logAppendTimeMs())
                        .set(PartitionResponses.LOG_START_OFFSET, r.logStartOffset())
                        .set(PartitionResponses.ERROR_MESSAGE, r.error() == Errors.NONE ? null : r.errorMessage());
            }
        }
        return response;
    }
}
