package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicaManager;
import io.gregor.replication.StopReplicaPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * StopReplica (v0-4) from the controller: this broker stops hosting the partitions and, where
 * asked (a request-wide flag up to v2, per partition from v3), deletes their logs. From v3 each
 * partition carries the leader epoch it is stopped at; older ones are FENCED_LEADER_EPOCH.
 */
public final class StopReplicaHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public StopReplicaHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        List<StopReplicaPartition> partitions = new ArrayList<>();
        if (version == 0) {
            boolean delete = request.getBool("DeletePartitions");
            for (Struct p : request.getStructs("UngroupedPartitions")) {
                partitions.add(new StopReplicaPartition(new TopicPartition(p.getString("TopicName"),
                        p.getInt("PartitionIndex")), StopReplicaPartition.NO_EPOCH, delete));
            }
        } else if (version <= 2) {
            boolean delete = request.getBool("DeletePartitions");
            for (Struct topic : request.getStructs("Topics")) {
                List<Integer> indexes = topic.getArray("PartitionIndexes");
                for (int index : indexes) {
                    partitions.add(new StopReplicaPartition(new TopicPartition(topic.getString("Name"), index),
                            StopReplicaPartition.NO_EPOCH, delete));
                }
            }
        } else {
            for (Struct topic : request.getStructs("TopicStates")) {
                for (Struct p : topic.getStructs("PartitionStates")) {
                    partitions.add(new StopReplicaPartition(new TopicPartition(topic.getString("TopicName"),
                            p.getInt("PartitionIndex")), p.getInt("LeaderEpoch"), p.getBool("DeletePartition")));
                }
            }
        }
        ReplicaManager.StateChangeResult result = replicaManager.stopReplicas(request.getInt("ControllerEpoch"), partitions);
        Struct response = ApiMessages.response(ApiKey.STOP_REPLICA).newStruct().set("ErrorCode", result.error().code());
        result.partitionErrors().forEach((tp, error) -> response.addElement("PartitionErrors")
                .set("TopicName", tp.topic())
                .set("PartitionIndex", tp.partition())
                .set("ErrorCode", error.code()));
        return CompletableFuture.completedFuture(response);
    }
}
