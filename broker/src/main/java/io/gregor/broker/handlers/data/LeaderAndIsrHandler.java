package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest;
import io.gregor.clients.protocol.schemas.LeaderAndIsrRequest.TopicStates;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse.LeaderAndIsrPartitionError;
import io.gregor.clients.protocol.schemas.LeaderAndIsrResponse.Topics;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.LeaderAndIsrPartitionState;
import io.gregor.replication.ReplicaManager;
import java.net.InetSocketAddress;
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
 * follower. Errors are reported per partition (by topic id from v5). A full request (Type 2, v5+)
 * names every partition this broker hosts: the logs of the others are deleted if the next
 * UpdateMetadata assigns them to other brokers (see {@link ReplicaManager#deleteStrayLogs}).
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
            for (Struct s : request.getStructs(LeaderAndIsrRequest.UNGROUPED_PARTITION_STATES)) {
                states.add(state(s.getString(LeaderAndIsrRequest.LeaderAndIsrPartitionState.TOPIC_NAME), s));
            }
        } else {
            for (Struct topic : request.getStructs(LeaderAndIsrRequest.TOPIC_STATES)) {
                String name = topic.getString(TopicStates.TOPIC_NAME);
                if (version >= 5) {
                    topicIds.put(name, topic.getUuid(TopicStates.TOPIC_ID));
                }
                for (Struct s : topic.getStructs(TopicStates.PARTITION_STATES)) {
                    states.add(state(name, s));
                }
            }
        }
        Map<Integer, InetSocketAddress> leaders = new HashMap<>();
        for (Struct leader : request.getStructs(LeaderAndIsrRequest.LIVE_LEADERS)) {
            String host = leader.getString(LeaderAndIsrRequest.LiveLeaders.HOST_NAME);
            int port = leader.getInt(LeaderAndIsrRequest.LiveLeaders.PORT);
            if (host != null && !host.isEmpty() && port > 0 && port <= 65_535) {
                leaders.put(leader.getInt(LeaderAndIsrRequest.LiveLeaders.BROKER_ID),
                        InetSocketAddress.createUnresolved(host, port));
            }
        }
        replicaManager.learnLeaderEndpoints(leaders);
        boolean full = version >= 5 && request.getByte(LeaderAndIsrRequest.TYPE) == LeaderAndIsrRequest.TYPE_FULL;
        ReplicaManager.StateChangeResult result = replicaManager.becomeLeaderOrFollower(
                request.getInt(LeaderAndIsrRequest.CONTROLLER_EPOCH), states, topicIds, full);
        return CompletableFuture.completedFuture(response(version, result, topicIds));
    }

    private static LeaderAndIsrPartitionState state(String topic, Struct s) {
        List<Integer> isr = s.getArray(LeaderAndIsrRequest.LeaderAndIsrPartitionState.ISR);
        List<Integer> replicas = s.getArray(LeaderAndIsrRequest.LeaderAndIsrPartitionState.REPLICAS);
        return new LeaderAndIsrPartitionState(new TopicPartition(topic,
                s.getInt(LeaderAndIsrRequest.LeaderAndIsrPartitionState.PARTITION_INDEX)),
                s.getInt(LeaderAndIsrRequest.LeaderAndIsrPartitionState.CONTROLLER_EPOCH),
                        s.getInt(LeaderAndIsrRequest.LeaderAndIsrPartitionState.LEADER),
                        s.getInt(LeaderAndIsrRequest.LeaderAndIsrPartitionState.LEADER_EPOCH), isr,
                s.getInt(LeaderAndIsrRequest.LeaderAndIsrPartitionState.PARTITION_EPOCH), replicas,
                        s.getBool(LeaderAndIsrRequest.LeaderAndIsrPartitionState.IS_NEW));
    }

    private static Struct response(short version, ReplicaManager.StateChangeResult result, Map<String, UUID> topicIds) {
        Struct response = ApiMessages.response(ApiKey.LEADER_AND_ISR).newStruct()
                .set(LeaderAndIsrResponse.ERROR_CODE, result.error().code());
        if (result.error() != Errors.NONE) {
            return response;
        }
        if (version < 5) {
            for (Map.Entry<TopicPartition, Errors> e : result.partitionErrors().entrySet()) {
                response.addElement(LeaderAndIsrResponse.PARTITION_ERRORS)
                        .set(LeaderAndIsrPartitionError.TOPIC_NAME, e.getKey().topic())
                        .set(LeaderAndIsrPartitionError.PARTITION_INDEX, e.getKey().partition())
                        .set(LeaderAndIsrPartitionError.ERROR_CODE, e.getValue().code());
            }
            return response;
        }
        Map<String, Struct> byTopic = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Errors> e : result.partitionErrors().entrySet()) {
            String topic = e.getKey().topic();
            Struct topicErrors = byTopic.computeIfAbsent(topic, t -> response.addElement(LeaderAndIsrResponse.TOPICS)
                    .set(Topics.TOPIC_ID, topicIds.getOrDefault(t, new UUID(0, 0))));
            topicErrors.addElement(Topics.PARTITION_ERRORS)
                    .set(LeaderAndIsrPartitionError.PARTITION_INDEX, e.getKey().partition())
                    .set(LeaderAndIsrPartitionError.ERROR_CODE, e.getValue().code());
        }
        return response;
    }
}
