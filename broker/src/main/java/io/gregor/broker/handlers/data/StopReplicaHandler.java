package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.StopReplicaRequest;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.TopicStates.PartitionStates;
import io.gregor.clients.protocol.schemas.StopReplicaRequest.UngroupedPartitions;
import io.gregor.clients.protocol.schemas.StopReplicaResponse;
import io.gregor.clients.protocol.schemas.StopReplicaResponse.PartitionErrors;
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
            boolean delete = request.getBool(StopReplicaRequest.DELETE_PARTITIONS);
            for (Struct p : request.getStructs(StopReplicaRequest.UNGROUPED_PARTITIONS)) {
                partitions.add(new StopReplicaPartition(new TopicPartition(p.getString(UngroupedPartitions.TOPIC_NAME),
                        p.getInt(UngroupedPartitions.PARTITION_INDEX)), StopReplicaPartition.NO_EPOCH, delete));
            }
        } else if (version <= 2) {
            boolean delete = request.getBool(StopReplicaRequest.DELETE_PARTITIONS);
            for (Struct topic : request.getStructs(StopReplicaRequest.TOPICS)) {
                List<Integer> indexes = topic.getArray(StopReplicaRequest.Topics.PARTITION_INDEXES);
                for (int index : indexes) {
                    partitions.add(new StopReplicaPartition(new TopicPartition(topic.getString(StopReplicaRequest.Topics.NAME), index),
                            StopReplicaPartition.NO_EPOCH, delete));
                }
            }
        } else {
            for (Struct topic : request.getStructs(StopReplicaRequest.TOPIC_STATES)) {
                for (Struct p : topic.getStructs(TopicStates.PARTITION_STATES)) {
                    partitions.add(new StopReplicaPartition(new TopicPartition(topic.getString(TopicStates.TOPIC_NAME),
                            p.getInt(PartitionStates.PARTITION_INDEX)), p.getInt(PartitionStates.LEADER_EPOCH),
                            p.getBool(PartitionStates.DELETE_PARTITION)));
                }
            }
        }
        ReplicaManager.StateChangeResult result = replicaManager.stopReplicas(request.getInt(StopReplicaRequest.CONTROLLER_EPOCH), partitions);
        Struct response = ApiMessages.response(ApiKey.STOP_REPLICA).newStruct()
                .set(StopReplicaResponse.ERROR_CODE, result.error().code());
        result.partitionErrors().forEach((tp, error) -> response.addElement(StopReplicaResponse.PARTITION_ERRORS)
                .set(PartitionErrors.TOPIC_NAME, tp.topic())
                .set(PartitionErrors.PARTITION_INDEX, tp.partition())
                .set(PartitionErrors.ERROR_CODE, error.code()));
        return CompletableFuture.completedFuture(response);
    }
}
