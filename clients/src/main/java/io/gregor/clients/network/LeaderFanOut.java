package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One round of a partition request sent to the partitions' leaders, as the admin client's
 * DeleteRecords and the ListOffsets of the consumer and admin client do it: one request per leader,
 * all sent before any answer is awaited; each answer's partitions are read back by topic name and
 * partition index with their error codes. What a partition's answer means, and when to retry the
 * round, stays with the caller.
 */
public final class LeaderFanOut {

    /** Where a response holds its partitions: the handles of its topics, their partitions and each one's error code. */
    public record ResponseLayout(Field<List<Struct>> topics, Field<String> topicName, Field<List<Struct>> partitions,
                                 Field<Integer> partitionIndex, Field<Short> errorCode) {
    }

    /** One partition's answer: its error (NONE when it succeeded) and its struct, for the other fields. */
    @FunctionalInterface
    public interface PartitionAnswer {
        void accept(TopicPartition tp, Errors error, Struct partition);
    }

    private LeaderFanOut() {
    }

    /**
     * Sends {@code api} to each leader of {@code byLeader}, the request built from its partitions by
     * {@code request}, and gives every partition of every answer (received by {@code deadlineMs}) to
     * {@code onPartition}. A leader whose request failed retriably (timed out, disconnected) is given
     * to {@code onRetriableFailure} with the partitions it was asked for; any other failure is
     * thrown, the answers not yet read left unread.
     */
    public static <V> void send(NetworkClient client, ApiKey api, Map<Node, Map<TopicPartition, V>> byLeader,
                                Function<Map<TopicPartition, V>, Struct> request, ResponseLayout layout, long deadlineMs,
                                PartitionAnswer onPartition,
                                BiConsumer<Set<TopicPartition>, GregorApiException> onRetriableFailure) {
        Map<Node, CompletableFuture<Struct>> answers = new LinkedHashMap<>();
        byLeader.forEach((node, parts) -> answers.put(node, client.send(node, api, request.apply(parts))));
        for (Map.Entry<Node, CompletableFuture<Struct>> answer : answers.entrySet()) {
            Struct response;
            try {
                response = NetworkClient.await(answer.getValue(), deadlineMs);
            } catch (GregorApiException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                onRetriableFailure.accept(byLeader.get(answer.getKey()).keySet(), e);
                continue;
            }
            for (Struct topic : response.getStructs(layout.topics())) {
                String name = topic.getString(layout.topicName());
                for (Struct partition : topic.getStructs(layout.partitions())) {
                    onPartition.accept(new TopicPartition(name, partition.getInt(layout.partitionIndex())),
                            Errors.forCode(partition.getShort(layout.errorCode())), partition);
                }
            }
        }
    }
}
