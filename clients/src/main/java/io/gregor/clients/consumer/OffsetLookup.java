package io.gregor.clients.consumer;

import io.gregor.clients.network.GregorApiException;
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
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets against partition leaders: the offset for a timestamp, with Kafka's special
 * timestamps -2 (earliest) and -1 (latest). Retries retriable errors with metadata refresh until
 * the deadline. Shared by the consumer and the admin client.
 */
public final class OffsetLookup {
    private final NetworkClient client;
    private final byte isolationLevel;

    public OffsetLookup(NetworkClient client, byte isolationLevel) {
        this.client = client;
        this.isolationLevel = isolationLevel;
    }

    public Map<TopicPartition, Long> offsets(Map<TopicPartition, Long> timestamps, long deadlineMs) {
        Map<TopicPartition, Long> result = new HashMap<>();
        Map<TopicPartition, Long> remaining = new LinkedHashMap<>(timestamps);
        GregorApiException last = null;
        while (!remaining.isEmpty()) {
            if (System.currentTimeMillis() >= deadlineMs) {
                throw new GregorApiException(last == null ? Errors.REQUEST_TIMED_OUT : last.error(),
                        "ListOffsets for " + remaining.keySet() + " did not complete in time"
                                + (last == null ? "" : ": " + last.getMessage()));
            }
            Set<String> topics = new java.util.HashSet<>();
            remaining.keySet().forEach(tp -> topics.add(tp.topic()));
            var cluster = client.maybeUpdateMetadata(topics, false);
            Map<Node, Map<TopicPartition, Long>> byLeader = new LinkedHashMap<>();
            for (var e : remaining.entrySet()) {
                var leader = cluster.leaderFor(e.getKey());
                if (leader.isEmpty()) {
                    client.requestMetadataUpdate();
                    last = new GregorApiException(Errors.LEADER_NOT_AVAILABLE, "no leader known for " + e.getKey());
                    continue;
                }
                byLeader.computeIfAbsent(leader.get(), n -> new LinkedHashMap<>()).put(e.getKey(), e.getValue());
            }
            Map<Node, CompletableFuture<Struct>> futures = new LinkedHashMap<>();
            byLeader.forEach((node, parts) -> futures.put(node, client.send(node, ApiKey.LIST_OFFSETS, request(parts))));
            for (var f : futures.entrySet()) {
                try {
                    Struct resp = NetworkClient.await(f.getValue(), deadlineMs);
                    for (Struct t : resp.getStructs(ListOffsetsResponse.TOPICS)) {
                        for (Struct p : t.getStructs(ListOffsetsResponse.Topics.PARTITIONS)) {
                            TopicPartition tp = new TopicPartition(t.getString(ListOffsetsResponse.Topics.NAME),
                                    p.getInt(ListOffsetsResponse.Topics.Partitions.PARTITION_INDEX));
                            Errors error = Errors.forCode(p.getShort(ListOffsetsResponse.Topics.Partitions.ERROR_CODE));
                            if (error == Errors.NONE) {
                                result.put(tp, p.getLong(ListOffsetsResponse.Topics.Partitions.OFFSET));
                                remaining.remove(tp);
                            } else if (error.isRetriable()) {
                                client.requestMetadataUpdate();
                                last = new GregorApiException(error, "ListOffsets for " + tp);
                            } else {
                                throw new GregorApiException(error, "ListOffsets for " + tp + " on " + f.getKey());
                            }
                        }
                    }
                } catch (GregorApiException e) {
                    if (!e.isRetriable()) {
                        throw e;
                    }
                    client.requestMetadataUpdate();
                    last = e;
                }
            }
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
