package io.gregor.clients.consumer;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.LeaderFanOut;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ListOffsetsRequest;
import io.gregor.clients.protocol.schemas.ListOffsetsResponse;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ListOffsets against partition leaders: the offset for a timestamp, with Kafka's special
 * timestamps -2 (earliest) and -1 (latest). Retries retriable errors with metadata refresh until
 * the deadline. Shared by the consumer and the admin client.
 */
public final class OffsetLookup {
    private static final LeaderFanOut.ResponseLayout LAYOUT = new LeaderFanOut.ResponseLayout(ListOffsetsResponse.TOPICS,
            ListOffsetsResponse.Topics.NAME, ListOffsetsResponse.Topics.PARTITIONS,
            ListOffsetsResponse.Topics.Partitions.PARTITION_INDEX, ListOffsetsResponse.Topics.Partitions.ERROR_CODE);
    private final NetworkClient client;
    private final byte isolationLevel;

    public OffsetLookup(NetworkClient client, byte isolationLevel) {
        this.client = client;
        this.isolationLevel = isolationLevel;
    }

    public Map<TopicPartition, Long> offsets(Map<TopicPartition, Long> timestamps, long deadlineMs) {
        Map<TopicPartition, Long> result = new HashMap<>();
        Map<TopicPartition, Long> remaining = new LinkedHashMap<>(timestamps);
        AtomicReference<GregorApiException> last = new AtomicReference<>(); // the latest retriable error
        while (!remaining.isEmpty()) {
            if (System.currentTimeMillis() >= deadlineMs) {
                GregorApiException cause = last.get();
                throw new GregorApiException(cause == null ? Errors.REQUEST_TIMED_OUT : cause.error(),
                        "ListOffsets for " + remaining.keySet() + " did not complete in time"
                                + (cause == null ? "" : ": " + cause.getMessage()));
            }
            Set<String> topics = new java.util.HashSet<>();
            remaining.keySet().forEach(tp -> topics.add(tp.topic()));
            var cluster = client.maybeUpdateMetadata(topics, false);
            Map<Node, Map<TopicPartition, Long>> byLeader = new LinkedHashMap<>();
            Map<TopicPartition, Node> leaders = new HashMap<>();
            for (var e : remaining.entrySet()) {
                var leader = cluster.leaderFor(e.getKey());
                if (leader.isEmpty()) {
                    client.requestMetadataUpdate();
                    last.set(new GregorApiException(Errors.LEADER_NOT_AVAILABLE, "no leader known for " + e.getKey()));
                    continue;
                }
                byLeader.computeIfAbsent(leader.get(), n -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
                leaders.put(e.getKey(), leader.get());
            }
            LeaderFanOut.send(client, ApiKey.LIST_OFFSETS, byLeader, this::request, LAYOUT, deadlineMs, (tp, error, p) -> {
                if (error == Errors.NONE) {
                    result.put(tp, p.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET));
                    remaining.remove(tp);
                } else if (error.isRetriable()) {
                    client.requestMetadataUpdate();
                    last.set(new GregorApiException(error, "ListOffsets for " + tp));
                } else {
                    throw new GregorApiException(error, "ListOffsets for " + tp + " on " + leaders.get(tp));
                }
            }, (parts, e) -> {
                client.requestMetadataUpdate();
                last.set(e);
            });
            if (!remaining.isEmpty()) {
                NetworkClient.sleep(Math.min(client.config().retryBackoffMs(),
                        Math.max(1, deadlineMs - System.currentTimeMillis())));
            }
        }
        return result;
    }

    private Struct request(Map<TopicPartition, Long> parts) {
        Struct req = ApiMessages.request(ApiKey.LIST_OFFSETS).newStruct().set(ListOffsetsRequest.REPLICA_ID, -1)
                .set(ListOffsetsRequest.ISOLATION_LEVEL, isolationLevel);
        Map<String, Struct> topics = new HashMap<>();
        parts.forEach((tp, ts) -> topics.computeIfAbsent(tp.topic(), t -> req.addElement(ListOffsetsRequest.TOPICS)
                .set(ListOffsetsRequest.Topics.NAME, t))
                .addElement(ListOffsetsRequest.Topics.PARTITIONS)
                .set(ListOffsetsRequest.Topics.Partitions.PARTITION_INDEX, tp.partition())
                .set(ListOffsetsRequest.Topics.Partitions.TIMESTAMP, ts));
        return req;
    }

    static Map<TopicPartition, Long> all(Collection<TopicPartition> partitions, long timestamp) {
        Map<TopicPartition, Long> m = new LinkedHashMap<>();
        partitions.forEach(tp -> m.put(tp, timestamp));
        return m;
    }

    static List<TopicPartition> sorted(Collection<TopicPartition> c) {
        return c.stream().sorted(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition)).toList();
    }
}
