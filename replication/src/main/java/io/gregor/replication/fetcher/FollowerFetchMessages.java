package io.gregor.replication.fetcher;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ForgottenTopicsData;
import io.gregor.clients.protocol.schemas.FetchRequest.ReplicaState;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicationConfig;
import io.gregor.replication.fetcher.FetchSessionHandler.FetchRequestData;
import io.gregor.replication.fetcher.FetchSessionHandler.PartitionData;
import io.gregor.replication.fetcher.FetchSessionHandler.TopicIdPartition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A follower's Fetch (v13+, topics by id) as it goes on the wire: the request built from one
 * round of a {@link FetchSessionHandler} (its session id and epoch, the partitions it lists, the
 * ones it forgets), and the partitions of an answer, named through the session's topic ids.
 */
final class FollowerFetchMessages {
    private FollowerFetchMessages() {
    }

    /** The partitions of an answer by name, and every topic id it names (known to the session or not). */
    record Answer(Map<TopicPartition, Struct> partitions, Set<UUID> topicIds) {
    }

    static Struct request(FetchRequestData data, int brokerId, long brokerEpoch, ReplicationConfig config) {
        Struct request = ApiMessages.request(ApiKey.FETCH).newStruct()
                .set(FetchRequest.MAX_WAIT_MS, config.replicaFetchWaitMaxMs())
                .set(FetchRequest.MIN_BYTES, config.replicaFetchMinBytes())
                .set(FetchRequest.MAX_BYTES, config.replicaFetchResponseMaxBytes())
                .set(FetchRequest.ISOLATION_LEVEL, (byte) 0)
                .set(FetchRequest.SESSION_ID, data.sessionId())
                .set(FetchRequest.SESSION_EPOCH, data.epoch())
                .set(FetchRequest.RACK_ID, "");
        request.getStruct(FetchRequest.REPLICA_STATE).set(ReplicaState.REPLICA_ID, brokerId)
                .set(ReplicaState.REPLICA_EPOCH, brokerEpoch);
        Map<UUID, Struct> topics = new LinkedHashMap<>();
        data.toSend().forEach((tp, p) -> topics.computeIfAbsent(p.topicId(), id -> request.addElement(FetchRequest.TOPICS)
                        .set(FetchRequest.Topics.TOPIC_ID, id))
                .addElement(FetchRequest.Topics.PARTITIONS)
                .set(FetchRequest.Topics.Partitions.PARTITION, tp.partition())
                .set(FetchRequest.Topics.Partitions.CURRENT_LEADER_EPOCH, p.currentLeaderEpoch())
                .set(FetchRequest.Topics.Partitions.FETCH_OFFSET, p.fetchOffset())
                .set(FetchRequest.Topics.Partitions.LAST_FETCHED_EPOCH, p.lastFetchedEpoch())
                .set(FetchRequest.Topics.Partitions.LOG_START_OFFSET, p.logStartOffset())
                .set(FetchRequest.Topics.Partitions.PARTITION_MAX_BYTES, p.maxBytes()));
        Map<UUID, List<Integer>> forgotten = new LinkedHashMap<>();
        for (TopicIdPartition f : data.toForget()) {
            forgotten.computeIfAbsent(f.topicId(), id -> new ArrayList<>()).add(f.topicPartition().partition());
        }
        forgotten.forEach((id, partitions) -> request.addElement(FetchRequest.FORGOTTEN_TOPICS_DATA)
                .set(ForgottenTopicsData.TOPIC_ID, id).set(ForgottenTopicsData.PARTITIONS, partitions));
        return request;
    }

    static Answer answer(Struct response, FetchSessionHandler session) {
        Map<TopicPartition, Struct> partitions = new LinkedHashMap<>();
        Set<UUID> topicIds = new HashSet<>();
        for (Struct t : response.getStructs(FetchResponse.RESPONSES)) {
            UUID id = t.getUuid(Responses.TOPIC_ID);
            topicIds.add(id);
            session.topicName(id).ifPresent(topic -> {
                for (Struct p : t.getStructs(Responses.PARTITIONS)) {
                    partitions.put(new TopicPartition(topic, p.getInt(Responses.Partitions.PARTITION_INDEX)), p);
                }
            });
        }
        return new Answer(partitions, topicIds);
    }

    /** The data a request says of a partition, as the session compares it round to round. */
    static PartitionData partitionData(UUID topicId, PartitionFetchState state, long logStartOffset, int maxBytes) {
        return new PartitionData(topicId, state.fetchOffset(), logStartOffset, maxBytes, state.leaderEpoch(), -1);
    }
}
