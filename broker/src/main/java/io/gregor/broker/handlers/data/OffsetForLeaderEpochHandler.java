package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochRequest;
import io.gregor.clients.protocol.schemas.OffsetForLeaderEpochResponse;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicaManager;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch (v0-4): for each partition, the largest epoch at most the requested one
 * and the offset where it ended in the leader's log (from the leader epoch cache), so a follower
 * or consumer can detect and cut a diverging log.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public OffsetForLeaderEpochHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.OFFSET_FOR_LEADER_EPOCH).newStruct();
        for (Struct topic : request.getStructs(OffsetForLeaderEpochRequest.TOPICS)) {
            String name = topic.getString(OffsetForLeaderEpochRequest.Topics.TOPIC);
            Struct topicResponse = response.addElement(OffsetForLeaderEpochResponse.TOPICS)
                    .set(OffsetForLeaderEpochResponse.Topics.TOPIC, name);
            for (Struct p : topic.getStructs(OffsetForLeaderEpochRequest.Topics.PARTITIONS)) {
                int index = p.getInt(OffsetForLeaderEpochRequest.Topics.Partitions.PARTITION);
                Struct out = topicResponse.addElement(OffsetForLeaderEpochResponse.Topics.PARTITIONS)
                        .set(OffsetForLeaderEpochResponse.Topics.Partitions.PARTITION, index);
                if (name.isEmpty() || index < 0) {
                    out.set(OffsetForLeaderEpochResponse.Topics.Partitions.ERROR_CODE,
                            Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                ReplicaManager.OffsetForEpochResult r = replicaManager.lastOffsetForLeaderEpoch(
                        new TopicPartition(name, index),
                        p.getInt(OffsetForLeaderEpochRequest.Topics.Partitions.CURRENT_LEADER_EPOCH),
                                        p.getInt(OffsetForLeaderEpochRequest.Topics.Partitions.LEADER_EPOCH));
                out.set(OffsetForLeaderEpochResponse.Topics.Partitions.ERROR_CODE, r.error().code())
                        .set(OffsetForLeaderEpochResponse.Topics.Partitions.LEADER_EPOCH, r.endOffset().leaderEpoch())
                        .set(OffsetForLeaderEpochResponse.Topics.Partitions.END_OFFSET, r.endOffset().endOffset());
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
