package io.gregor.replication.fetcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.MessageCodec;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchRequest;
import io.gregor.clients.protocol.schemas.FetchRequest.ForgottenTopicsData;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicationConfig;
import io.gregor.replication.fetcher.FetchSessionHandler.FetchRequestData;
import io.gregor.replication.fetcher.FetchSessionHandler.PartitionData;
import io.gregor.replication.fetcher.FetchSessionHandler.TopicIdPartition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A follower's Fetch v15 carries the session, the listed partitions by topic id and the forgotten ones. */
class FollowerFetchMessagesTest {
    private static final UUID FOO = new UUID(0, 1);
    private static final UUID BAR = new UUID(0, 2);

    @Test
    void anIncrementalRequestCarriesItsSessionItsPartitionsByTopicIdAndTheForgottenOnes() {
        Map<TopicPartition, PartitionData> toSend = new LinkedHashMap<>();
        toSend.put(new TopicPartition("foo", 0), new PartitionData(FOO, 10L, 2L, 1000, 5, -1));
        toSend.put(new TopicPartition("bar", 1), new PartitionData(BAR, 20L, 0L, 1000, 6, -1));
        toSend.put(new TopicPartition("foo", 3), new PartitionData(FOO, 30L, 0L, 1000, 5, -1));
        List<TopicIdPartition> toForget = List.of(new TopicIdPartition(BAR, new TopicPartition("bar", 0)),
                new TopicIdPartition(BAR, new TopicPartition("bar", 2)));
        FetchRequestData data = new FetchRequestData(42, 7, toSend, toForget, toSend);

        Struct request = FollowerFetchMessages.request(data, 1, 99L, ReplicationConfig.defaults());
        Struct decoded = MessageCodec.read(MessageCodec.writeToBuffer(FetchRequest.SPEC, request, ReplicaFetcher.FETCH_VERSION),
                FetchRequest.SPEC, ReplicaFetcher.FETCH_VERSION);

        assertEquals(42, decoded.getInt(FetchRequest.SESSION_ID));
        assertEquals(7, decoded.getInt(FetchRequest.SESSION_EPOCH));
        List<Struct> topics = decoded.getStructs(FetchRequest.TOPICS);
        assertEquals(List.of(FOO, BAR), topics.stream().map(t -> t.getUuid(FetchRequest.Topics.TOPIC_ID)).toList());
        Struct foo0 = topics.get(0).getStructs(FetchRequest.Topics.PARTITIONS).get(0);
        assertEquals(10L, foo0.getLong(FetchRequest.Topics.Partitions.FETCH_OFFSET));
        assertEquals(2L, foo0.getLong(FetchRequest.Topics.Partitions.LOG_START_OFFSET));
        assertEquals(5, foo0.getInt(FetchRequest.Topics.Partitions.CURRENT_LEADER_EPOCH));
        assertEquals(List.of(0, 3), topics.get(0).getStructs(FetchRequest.Topics.PARTITIONS).stream()
                .map(p -> p.getInt(FetchRequest.Topics.Partitions.PARTITION)).toList());
        List<Struct> forgotten = decoded.getStructs(FetchRequest.FORGOTTEN_TOPICS_DATA);
        assertEquals(1, forgotten.size());
        assertEquals(BAR, forgotten.get(0).getUuid(ForgottenTopicsData.TOPIC_ID));
        assertEquals(List.of(0, 2), forgotten.get(0).getArray(ForgottenTopicsData.PARTITIONS));
    }

    @Test
    void anAnswerIsReadThroughTheSessionsTopicIdsAndKeepsUnknownIdsForTheCheck() {
        FetchSessionHandler session = new FetchSessionHandler("broker 1 from broker 2");
        session.build(Map.of(new TopicPartition("foo", 0), new PartitionData(FOO, 0L, 0L, 1000, 5, -1)));
        Struct response = ApiMessages.response(ApiKey.FETCH).newStruct();
        response.addElement(FetchResponse.RESPONSES).set(Responses.TOPIC_ID, FOO)
                .addElement(Responses.PARTITIONS).set(Responses.Partitions.PARTITION_INDEX, 0);
        UUID unknown = new UUID(9, 9);
        response.addElement(FetchResponse.RESPONSES).set(Responses.TOPIC_ID, unknown)
                .addElement(Responses.PARTITIONS).set(Responses.Partitions.PARTITION_INDEX, 4);

        FollowerFetchMessages.Answer answer = FollowerFetchMessages.answer(response, session);

        assertEquals(Set.of(new TopicPartition("foo", 0)), answer.partitions().keySet());
        assertEquals(Set.of(FOO, unknown), answer.topicIds());
    }
}
