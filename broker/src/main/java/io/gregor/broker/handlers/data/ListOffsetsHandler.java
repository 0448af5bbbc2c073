package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.OffsetLookupResult;
import io.gregor.replication.ReplicaManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets (v0-9): earliest (-2), latest (-1), max timestamp (-3) or the first offset at or
 * after a timestamp, per partition, from the leader. Version 0 answers in {@code OldStyleOffsets}
 * (a list with the one offset found, or empty). A read_committed consumer (isolation level 1, v2+)
 * is answered below the last stable offset: LATEST is the last stable offset.
 */
public final class ListOffsetsHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public ListOffsetsHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean v0 = context.apiVersion() == 0;
        int replicaId = request.getInt(ListOffsetsRequest.REPLICA_ID);
        boolean readCommitted = request.getByte(ListOffsetsRequest.ISOLATION_LEVEL) == 1;
        Struct response = ApiMessages.response(ApiKey.LIST_OFFSETS).newStruct();
        for (Struct topic : request.getStructs(ListOffsetsRequest.TOPICS)) {
            String name = topic.getString(ListOffsetsRequest.Topics.NAME);
            Struct topicResponse = response.addElement(ListOffsetsResponse.TOPICS)
                    .set(ListOffsetsResponse.Topics.NAME, name);
            for (Struct p : topic.getStructs(ListOffsetsRequest.Topics.PARTITIONS)) {
                int index = p.getInt(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX);
                OffsetLookupResult r = lookup(name, index, p, replicaId, readCommitted);
                Struct out = topicResponse.addElement(ListOffsetsResponse.Topics.PARTITIONS)
                        .set(ListOffsetsResponse.Topics.Partitions.PARTITION_INDEX, index)
                        .set(ListOffsetsResponse.Topics.Partitions.ERROR_CODE, r.error().code());
                if (v0) {
                    out.set(ListOffsetsResponse.Topics.Partitions.OLD_STYLE_OFFSETS,
                            r.error() == Errors.NONE && r.offset() >= 0 && p.getInt(ListOffsetsRequest.Topics.Partitions.MAX_NUM_OFFSETS) > 0
                            ? List.of(r.offset()) : List.of());
                } else {
                    out.set(ListOffsetsResponse.Topics.Partitions.TIMESTAMP, r.timestamp())
                            .set(ListOffsetsResponse.Topics.Partitions.OFFSET, r.offset())
                            .set(ListOffsetsResponse.Topics.Partitions.LEADER_EPOCH, r.leaderEpoch());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private OffsetLookupResult lookup(String topic, int partition, Struct p, int replicaId, boolean readCommitted) {
        if (topic.isEmpty() || partition < 0) {
            return OffsetLookupResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        return replicaManager.fetchOffset(new TopicPartition(topic, partition),
                p.getLong(ListOffsetsRequest.Topics.Partitions.TIMESTAMP), replicaId,
                p.getInt(ListOffsetsRequest.Topics.Partitions.CURRENT_LEADER_EPOCH), readCommitted);
    }
}
