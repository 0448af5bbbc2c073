package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.LeaderAndIsrPartitionState;
import io.gregor.replication.ReplicaManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * LeaderAndIsr (v0-7) from the controller: converts the partition states (ungrouped in v0-1, by
 * topic from v2, with topic ids from v5) and lets the {@link ReplicaManager} become leader or
 * follower. Errors are reported per partition (by topic id from v5).
 */
public final class LeaderAndIsrHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public LeaderAndIsrHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        List<LeaderAndIsrPartitionState> states = new ArrayList<>();
        Map<String, UUID> topicIds = new HashMap<>();
        if (version <= 1) {
            for (Struct s : request.getStructs("UngroupedPartitionStates")) {
                states.add(state(s.getString("TopicName"), s));
            }
        } else {
            for (Struct topic : request.getStructs("TopicStates")) {
                String name = topic.getString("TopicName");
                if (version >= 5) {
                    topicIds.put(name, topic.getUuid("TopicId"));
                }
                for (Struct s : topic.getStructs("PartitionStates")) {
                    states.add(state(name, s));
                }
            }
        }
        ReplicaManager.StateChangeResult result = replicaManager.becomeLeaderOrFollower(
                request.getInt("ControllerEpoch"), states, topicIds);
        return CompletableFuture.completedFuture(response(version, result, topicIds));
    }

    private static LeaderAndIsrPartitionState state(String topic, Struct s) {
        List<Integer> isr = s.getArray("Isr");
        List<Integer> replicas = s.getArray("Replicas");
        return new LeaderAndIsrPartitionState(new TopicPartition(topic, s.getInt("PartitionIndex")),
                s.getInt("ControllerEpoch"), s.getInt("Leader"), s.getInt("LeaderEpoch"), isr,
                s.getInt("PartitionEpoch"), replicas, s.getBool("IsNew"));
    }

    private static Struct response(short version, ReplicaManager.StateChangeResult result, Map<String, UUID> topicIds) {
        Struct response = ApiMessages.response(ApiKey.LEADER_AND_ISR).newStruct()
                .set("ErrorCode", result.error().code());
        if (result.error() != Errors.NONE) {
            return response;
        }
        if (version < 5) {
            for (Map.Entry<TopicPartition, Errors> e : result.partitionErrors().entrySet()) {
                response.addElement("PartitionErrors")
                        .set("TopicName", e.getKey().topic())
                        .set("PartitionIndex", e.getKey().partition())
                        .set("ErrorCode", e.getValue().code());
            }
            return response;
        }
        Map<String, Struct> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Errors> e : result.partitionErrors().entrySet()) {
            String topic = e.getKey().topic();
            Struct topicErrors = byTopic.computeIfAbsent(topic, t -> response.addElement("Topics")
                    .set("TopicId", topicIds.getOrDefault(t, new UUID(0, 0))));
            topicErrors.addElement("PartitionErrors")
                    .set("PartitionIndex", e.getKey().partition())
                    .set("ErrorCode", e.getValue().code());
        }
        return response;
    }
}
