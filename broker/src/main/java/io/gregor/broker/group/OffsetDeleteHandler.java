package io.gregor.broker.group;

import io.gregor.broker.group.GroupCoordinator.GroupOffsets;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.OffsetDeleteRequest;
import io.gregor.clients.protocol.schemas.OffsetDeleteResponse;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * OffsetDelete (v0): removes a group's committed offsets of the named partitions by writing
 * tombstones to {@code __consumer_offsets}, with Kafka's rules: an Empty group (or one that only
 * commits offsets) loses all of them; a consumer group with members keeps those of the topics its
 * members subscribe to (GROUP_SUBSCRIBED_TO_TOPIC) and loses the others; any other group with
 * members answers NON_EMPTY_GROUP; an unknown group GROUP_ID_NOT_FOUND; a partition the cluster
 * does not have UNKNOWN_TOPIC_OR_PARTITION.
 */
final class OffsetDeleteHandler implements ApiHandler {
    private final GroupCoordinator coordinator;
    private final ClassicGroups groups;
    private final Predicate<TopicPartition> partitionExists;

    OffsetDeleteHandler(GroupCoordinator coordinator, ClassicGroups groups, Predicate<TopicPartition> partitionExists) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.partitionExists = partitionExists;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        String groupId = request.getString(OffsetDeleteRequest.GROUP_ID);
        Errors coordinatorError = coordinator.checkCoordinator(groupId);
        if (coordinatorError != Errors.NONE) {
            return CompletableFuture.completedFuture(groupError(coordinatorError));
        }
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        List<TopicPartition> requested = new ArrayList<>();
        for (Struct topic : request.getStructs(OffsetDeleteRequest.TOPICS)) {
            String name = topic.getString(OffsetDeleteRequest.Topics.NAME);
            for (Struct p : topic.getStructs(OffsetDeleteRequest.Topics.PARTITIONS)) {
                int partition = p.getInt(OffsetDeleteRequest.Topics.Partitions.PARTITION_INDEX);
                if (name.isEmpty() || partition < 0) {
                    continue; // no partition any cluster has: answered UNKNOWN_TOPIC_OR_PARTITION
                }
                TopicPartition tp = new TopicPartition(name, partition);
                if (partitionExists.test(tp)) {
                    requested.add(tp);
                } else {
                    results.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                }
            }
        }
        GroupOffsets committed = coordinator.fetchOffsets(groupId);
        if (committed.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(groupError(committed.error()));
        }
        ClassicGroups.MembershipView group = groups.membershipView(groupId);
        if (!group.exists() && committed.offsets().isEmpty()) {
            return CompletableFuture.completedFuture(groupError(Errors.GROUP_ID_NOT_FOUND));
        }
        if (group.exists() && !group.empty() && !group.consumerGroup()) {
            return CompletableFuture.completedFuture(groupError(Errors.NON_EMPTY_GROUP));
        }
        List<TopicPartition> deletable = new ArrayList<>();
        for (TopicPartition tp : requested) {
            boolean subscribed = group.exists() && !group.empty() && group.subscribedTopics().contains(tp.topic());
            results.put(tp, subscribed ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE);
            if (!subscribed) {
                deletable.add(tp);
            }
        }
        List<TopicPartition> tombstoned = deletable.stream().filter(committed.offsets()::containsKey).toList();
        CompletableFuture<Errors> written = tombstoned.isEmpty() ? CompletableFuture.completedFuture(Errors.NONE)
                : coordinator.removeOffsets(groupId, tombstoned, false);
        return written.thenApply(error -> error != Errors.NONE ? groupError(error) : response(request, results));
    }

    private static Struct groupError(Errors error) {
        return ApiMessages.response(ApiKey.OFFSET_DELETE).newStruct().set(OffsetDeleteResponse.ERROR_CODE, error.code());
    }

    private static Struct response(Struct request, Map<TopicPartition, Errors> results) {
        Struct response = ApiMessages.response(ApiKey.OFFSET_DELETE).newStruct()
                .set(OffsetDeleteResponse.ERROR_CODE, Errors.NONE.code());
        for (Struct topic : request.getStructs(OffsetDeleteRequest.TOPICS)) {
            String name = topic.getString(OffsetDeleteRequest.Topics.NAME);
            Struct out = response.addElement(OffsetDeleteResponse.TOPICS).set(OffsetDeleteResponse.Topics.NAME, name);
            for (Struct p : topic.getStructs(OffsetDeleteRequest.Topics.PARTITIONS)) {
                int partition = p.getInt(OffsetDeleteRequest.Topics.Partitions.PARTITION_INDEX);
                Errors error = name.isEmpty() || partition < 0 ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                        : results.getOrDefault(new TopicPartition(name, partition), Errors.UNKNOWN_TOPIC_OR_PARTITION);
                out.addElement(OffsetDeleteResponse.Topics.PARTITIONS)
                        .set(OffsetDeleteResponse.Topics.Partitions.PARTITION_INDEX, partition)
                        .set(OffsetDeleteResponse.Topics.Partitions.ERROR_CODE, error.code());
            }
        }
        return response;
    }
}
