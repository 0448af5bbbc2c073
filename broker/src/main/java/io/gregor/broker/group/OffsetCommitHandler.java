package io.gregor.broker.group;

import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.core.log.TopicPartition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * OffsetCommit v0-9. Commits are checked by {@link ClassicGroups#validateCommit} (simple commits,
 * generation -1 and no member id, for groups without members; else the current generation of a
 * known, unfenced member); a group whose partition is loading answers COORDINATOR_LOAD_IN_PROGRESS.
 * Partitions of
 * unknown topics get UNKNOWN_TOPIC_OR_PARTITION, metadata over the limit OFFSET_METADATA_TOO_LARGE;
 * the rest is written to {@code __consumer_offsets} with acks=all and answered when that completes.
 */
final class OffsetCommitHandler implements ApiHandler {
    private final GroupCoordinator coordinator;
    private final ClassicGroups groups;
    private final Predicate<TopicPartition> partitionExists;
    private final int maxMetadataBytes;
    private final LongSupplier clock;

    OffsetCommitHandler(GroupCoordinator coordinator, ClassicGroups groups, Predicate<TopicPartition> partitionExists, int maxMetadataBytes,
                        LongSupplier clock) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.partitionExists = partitionExists;
        this.maxMetadataBytes = maxMetadataBytes;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        String groupId = request.getString("GroupId");
        int generation = version >= 1 ? request.getInt("GenerationIdOrMemberEpoch") : -1;
        String memberId = version >= 1 ? request.getString("MemberId") : "";
        Errors groupError = groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID
                : coordinator.checkCoordinator(groupId);
        if (groupError == Errors.NONE) {
            groupError = groups.validateCommit(groupId, generation, memberId,
                    version >= 7 ? request.getString("GroupInstanceId") : null);
        }
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Map<TopicPartition, CommittedOffset> toWrite = new LinkedHashMap<>();
        long now = clock.getAsLong();
        for (Struct topic : request.getStructs("Topics")) {
            for (Struct p : topic.getStructs("Partitions")) {
                TopicPartition tp = new TopicPartition(topic.getString("Name"), p.getInt("PartitionIndex"));
                String metadata = p.getString("CommittedMetadata");
                if (groupError != Errors.NONE) {
                    errors.put(tp, groupError);
                } else if (!partitionExists.test(tp)) {
                    errors.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else if (metadata != null && metadata.length() > maxMetadataBytes) {
                    errors.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                } else {
                    int epoch = version >= 6 ? p.getInt("CommittedLeaderEpoch") : -1;
                    toWrite.put(tp, new CommittedOffset(p.getLong("CommittedOffset"), epoch,
                            metadata == null ? "" : metadata, now));
                }
            }
        }
        if (toWrite.isEmpty()) {
            return CompletableFuture.completedFuture(response(request, errors));
        }
        return coordinator.commitOffsets(groupId, toWrite).thenApply(error -> {
            toWrite.keySet().forEach(tp -> errors.put(tp, error));
            return response(request, errors);
        });
    }

    private static Struct response(Struct request, Map<TopicPartition, Errors> errors) {
        Struct response = ApiMessages.response(ApiKey.OFFSET_COMMIT).newStruct();
        for (Struct topic : request.getStructs("Topics")) {
            Struct t = response.addElement("Topics").set("Name", topic.getString("Name"));
            for (Struct p : topic.getStructs("Partitions")) {
                Errors e = errors.get(new TopicPartition(topic.getString("Name"), p.getInt("PartitionIndex")));
                t.addElement("Partitions").set("PartitionIndex", p.getInt("PartitionIndex"))
                        .set("ErrorCode", (e == null ? Errors.NONE : e).code());
            }
        }
        return response;
    }
}
