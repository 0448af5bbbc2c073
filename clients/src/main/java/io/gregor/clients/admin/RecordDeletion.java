package io.gregor.clients.admin;

import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.LeaderFanOut;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DeleteRecordsRequest;
import io.gregor.clients.protocol.schemas.DeleteRecordsResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * DeleteRecords against the partitions' leaders, as Kafka's admin client does it: partitions are
 * grouped by leader, retriable errors (a moved leader) are retried after a metadata refresh until
 * the deadline, and each partition ends with its low watermark or its error. A partition the
 * cluster does not have fails with UNKNOWN_TOPIC_OR_PARTITION.
 */
final class RecordDeletion {
    private static final LeaderFanOut.ResponseLayout LAYOUT = new LeaderFanOut.ResponseLayout(DeleteRecordsResponse.TOPICS,
            DeleteRecordsResponse.Topics.NAME, DeleteRecordsResponse.Topics.PARTITIONS,
            DeleteRecordsResponse.Topics.Partitions.PARTITION_INDEX, DeleteRecordsResponse.Topics.Partitions.ERROR_CODE);
    private final NetworkClient client;
    private final int timeoutMs;

    /** @param timeoutMs how long each broker may wait for its followers (the request's TimeoutMs) */
    RecordDeletion(NetworkClient client, int timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    DeletedRecords delete(Map<TopicPartition, Long> offsets, long deadlineMs) {
        Map<TopicPartition, Long> lowWatermarks = new LinkedHashMap<>();
        Map<TopicPartition, GregorApiException> failed = new LinkedHashMap<>();
        Map<TopicPartition, Long> remaining = new LinkedHashMap<>(offsets);
        Map<TopicPartition, GregorApiException> lastError = new HashMap<>();
        while (!remaining.isEmpty() && System.currentTimeMillis() < deadlineMs) {
            Set<String> topics = new HashSet<>();
            remaining.keySet().forEach(tp -> topics.add(tp.topic()));
            Cluster cluster = client.fetchMetadata(topics, false, Math.max(1, deadlineMs - System.currentTimeMillis()));
            Map<Node, Map<TopicPartition, Long>> byLeader = new LinkedHashMap<>();
            for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                TopicPartition tp = e.getKey();
                boolean known = cluster.topic(tp.topic()).map(t -> t.error() == Errors.NONE
                        && t.partitions().stream().anyMatch(p -> p.topicPartition().equals(tp))).orElse(false);
                if (!known) {
                    failed.put(tp, new GregorApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                            "This server does not host this topic-partition."));
                    it.remove();
                    continue;
                }
                cluster.leaderFor(tp).ifPresentOrElse(
                        leader -> byLeader.computeIfAbsent(leader, n -> new LinkedHashMap<>()).put(tp, e.getValue()),
                        () -> lastError.put(tp, new GregorApiException(Errors.LEADER_NOT_AVAILABLE, "no leader for " + tp)));
            }
            LeaderFanOut.send(client, ApiKey.DELETE_RECORDS, byLeader, this::request, LAYOUT, deadlineMs, (tp, error, p) -> {
                if (error == Errors.NONE) {
                    lowWatermarks.put(tp, p.getLong(DeleteRecordsResponse.Topics.Partitions.LOW_WATERMARK));
                    remaining.remove(tp);
                } else if (error.isRetriable()) {
                    lastError.put(tp, new GregorApiException(error, error.message()));
                } else if (remaining.remove(tp) != null) {
                    failed.put(tp, new GregorApiException(error, error.message()));
                }
            }, (parts, e) -> parts.forEach(tp -> lastError.put(tp, e)));
            if (!remaining.isEmpty()) {
                client.requestMetadataUpdate();
                NetworkClient.sleep(Math.min(client.config().retryBackoffMs(),
                        Math.max(1, deadlineMs - System.currentTimeMillis())));
            }
        }
        remaining.keySet().forEach(tp -> failed.put(tp, lastError.getOrDefault(tp,
                new GregorApiException(Errors.REQUEST_TIMED_OUT, "DeleteRecords for " + tp + " did not complete in time"))));
        return new DeletedRecords(lowWatermarks, failed);
    }

    private Struct request(Map<TopicPartition, Long> parts) {
        Struct request = ApiMessages.request(ApiKey.DELETE_RECORDS).newStruct()
                .set(DeleteRecordsRequest.TIMEOUT_MS, timeoutMs);
        Map<String, Struct> topics = new HashMap<>();
        parts.forEach((tp, offset) -> topics.computeIfAbsent(tp.topic(), t -> request.addElement(DeleteRecordsRequest.TOPICS)
                        .set(DeleteRecordsRequest.Topics.NAME, t))
                .addElement(DeleteRecordsRequest.Topics.PARTITIONS)
                .set(DeleteRecordsRequest.Topics.Partitions.PARTITION_INDEX, tp.partition())
                .set(DeleteRecordsRequest.Topics.Partitions.OFFSET, offset));
        return request;
    }
}
