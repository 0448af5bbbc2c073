package io.gregor.broker.group;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.OffsetCommitRequest;
import io.gregor.clients.protocol.schemas.OffsetCommitResponse;
import io.gregor.core.log.TopicPartition;
import java.util.concurrent.CompletableFuture;

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
    private final OffsetCommitPartitions.Checks checks;

    OffsetCommitHandler(GroupCoordinator coordinator, ClassicGroups groups, OffsetCommitPartitions.Checks checks) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.checks = checks;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        String groupId = request.getString(OffsetCommitRequest.GROUP_ID);
        int generation = version >= 1 ? request.getInt(OffsetCommitRequest.GENERATION_ID_OR_MEMBER_EPOCH) : -1;
        String memberId = version >= 1 ? request.getString(OffsetCommitRequest.MEMBER_ID) : "";
        Errors groupError = groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID
                : coordinator.checkCoordinator(groupId);
        if (groupError == Errors.NONE) {
            groupError = groups.validateCommit(groupId, generation, memberId,
                    version >= 7 ? request.getString(OffsetCommitRequest.GROUP_INSTANCE_ID) : null);
        }
        OffsetCommitPartitions commits = checks.start(groupError);
        for (Struct topic : request.getStructs(OffsetCommitRequest.TOPICS)) {
            for (Struct p : topic.getStructs(OffsetCommitRequest.Topics.PARTITIONS)) {
                commits.add(new TopicPartition(topic.getString(OffsetCommitRequest.Topics.NAME),
                                p.getInt(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX)),
                        p.getLong(OffsetCommitRequest.Topics.Partitions.COMMITTED_OFFSET),
                        version >= 6 ? p.getInt(OffsetCommitRequest.Topics.Partitions.COMMITTED_LEADER_EPOCH) : -1,
                        p.getString(OffsetCommitRequest.Topics.Partitions.COMMITTED_METADATA));
            }
        }
        return commits.writeThenAnswer(toWrite -> coordinator.commitOffsets(groupId, toWrite),
                () -> response(request, commits));
    }

    private static Struct response(Struct request, OffsetCommitPartitions commits) {
        Struct response = ApiMessages.response(ApiKey.OFFSET_COMMIT).newStruct();
        for (Struct topic : request.getStructs(OffsetCommitRequest.TOPICS)) {
            Struct t = response.addElement(OffsetCommitResponse.TOPICS)
                    .set(OffsetCommitResponse.Topics.NAME, topic.getString(OffsetCommitRequest.Topics.NAME));
            for (Struct p : topic.getStructs(OffsetCommitRequest.Topics.PARTITIONS)) {
                Errors e = commits.error(new TopicPartition(topic.getString(OffsetCommitRequest.Topics.NAME),
                        p.getInt(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX)));
                t.addElement(OffsetCommitResponse.Topics.PARTITIONS)
                        .set(OffsetCommitResponse.Topics.Partitions.PARTITION_INDEX,
                        p.getInt(OffsetCommitRequest.Topics.Partitions.PARTITION_INDEX))
                        .set(OffsetCommitResponse.Topics.Partitions.ERROR_CODE, e.code());
            }
        }
        return response;
    }
}
