package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DeleteRecordsRequest;
import io.gregor.clients.protocol.schemas.DeleteRecordsResponse;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.DeleteRecordsPartitionResult;
import io.gregor.replication.ReplicaManager;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords (v0-2): moves the log start offset of each named partition this broker leads and
 * answers its low watermark once every in-sync follower has moved too ({@link
 * ReplicaManager#deleteRecords}). The internal topics are refused with INVALID_TOPIC_EXCEPTION, as
 * Kafka refuses them.
 */
public final class DeleteRecordsHandler implements ApiHandler {
    /** Kafka's internal topics, whose records no client may delete. */
    static final Set<String> INTERNAL_TOPICS = Set.of("__consumer_offsets", "__transaction_state");

    private final ReplicaManager replicaManager;

    public DeleteRecordsHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        Map<Struct, TopicPartition> resolved = new IdentityHashMap<>(); // Struct equality is deep
        Map<Struct, Errors> refused = new IdentityHashMap<>();
        for (Struct topic : request.getStructs(DeleteRecordsRequest.TOPICS)) {
            String name = topic.getString(DeleteRecordsRequest.Topics.NAME);
            for (Struct p : topic.getStructs(DeleteRecordsRequest.Topics.PARTITIONS)) {
                int partition = p.getInt(DeleteRecordsRequest.Topics.Partitions.PARTITION_INDEX);
                if (INTERNAL_TOPICS.contains(name)) {
                    refused.put(p, Errors.INVALID_TOPIC_EXCEPTION);
                } else if (name.isEmpty() || partition < 0) {
                    refused.put(p, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    TopicPartition tp = new TopicPartition(name, partition);
                    resolved.put(p, tp);
                    offsets.put(tp, p.getLong(DeleteRecordsRequest.Topics.Partitions.OFFSET));
                }
            }
        }
        long timeoutMs = Math.max(0, request.getInt(DeleteRecordsRequest.TIMEOUT_MS));
        return replicaManager.deleteRecords(timeoutMs, offsets).thenApply(results -> {
            Struct response = ApiMessages.response(ApiKey.DELETE_RECORDS).newStruct();
            for (Struct topic : request.getStructs(DeleteRecordsRequest.TOPICS)) {
                Struct out = response.addElement(DeleteRecordsResponse.TOPICS)
                        .set(DeleteRecordsResponse.Topics.NAME, topic.getString(DeleteRecordsRequest.Topics.NAME));
                for (Struct p : topic.getStructs(DeleteRecordsRequest.Topics.PARTITIONS)) {
                    TopicPartition tp = resolved.get(p);
                    DeleteRecordsPartitionResult r = tp == null ? DeleteRecordsPartitionResult.error(refused.get(p))
                            : results.getOrDefault(tp, DeleteRecordsPartitionResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION));
                    out.addElement(DeleteRecordsResponse.Topics.PARTITIONS)
                            .set(DeleteRecordsResponse.Topics.Partitions.PARTITION_INDEX,
                                    p.getInt(DeleteRecordsRequest.Topics.Partitions.PARTITION_INDEX))
                            .set(DeleteRecordsResponse.Topics.Partitions.LOW_WATERMARK, r.lowWatermark())
                            .set(DeleteRecordsResponse.Topics.Partitions.ERROR_CODE, r.error().code());
                }
            }
            return response;
        });
    }
}
