package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
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
        for (Struct topic : request.getStructs("Topics")) {
            String name = topic.getString("Topic");
            Struct topicResponse = response.addElement("Topics").set("Topic", name);
            for (Struct p : topic.getStructs("Partitions")) {
                int index = p.getInt("Partition");
                Struct out = topicResponse.addElement("Partitions").set("Partition", index);
                if (name.isEmpty() || index < 0) {
                    out.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                ReplicaManager.OffsetForEpochResult r = replicaManager.lastOffsetForLeaderEpoch(
                        new TopicPartition(name, index), p.getInt("CurrentLeaderEpoch"), p.getInt("LeaderEpoch"));
                out.set("ErrorCode", r.error().code())
                        .set("LeaderEpoch", r.endOffset().leaderEpoch())
                        .set("EndOffset", r.endOffset().endOffset());
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
