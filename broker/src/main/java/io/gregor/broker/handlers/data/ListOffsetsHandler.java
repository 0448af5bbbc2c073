package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.OffsetLookupResult;
import io.gregor.replication.ReplicaManager;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets (v0-9): earliest (-2), latest (-1), max timestamp (-3) or the first offset at or
 * after a timestamp, per partition, from the leader. Version 0 answers in {@code OldStyleOffsets}
 * (a list with the one offset found, or empty).
 */
public final class ListOffsetsHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public ListOffsetsHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean v0 = context.apiVersion() == 0;
        int replicaId = request.getInt("ReplicaId");
        Struct response = ApiMessages.response(ApiKey.LIST_OFFSETS).newStruct();
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Name");
            Struct topicResponse = response.addElement("Topics").set("Name", name);
            for (Struct p : topic.getStructs("Partitions")) {
                int index = p.getInt("PartitionIndex");
                OffsetLookupResult r = lookup(name, index, p, replicaId);
                Struct out = topicResponse.addElement("Partitions")
                        .set("PartitionIndex", index)
                        .set("ErrorCode", r.error().code());
                if (v0) {
                    out.set("OldStyleOffsets", r.error() == Errors.NONE && r.offset() >= 0 && p.getInt("MaxNumOffsets") > 0
                            ? List.of(r.offset()) : List.of());
                } else {
                    out.set("Timestamp", r.timestamp()).set("Offset", r.offset()).set("LeaderEpoch", r.leaderEpoch());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private OffsetLookupResult lookup(String topic, int partition, Struct p, int replicaId) {
        if (topic.isEmpty() || partition < 0) {
            return OffsetLookupResult.error(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        return replicaManager.fetchOffset(new TopicPartition(topic, partition), p.getLong("Timestamp"), replicaId,
                p.getInt("CurrentLeaderEpoch"));
    }
}
