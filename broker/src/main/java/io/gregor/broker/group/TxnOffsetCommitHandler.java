package io.gregor.broker.group;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitRequest;
import io.gregor.clients.protocol.schemas.TxnOffsetCommitResponse;
import io.gregor.core.log.TopicPartition;
import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit v0-4: a transactional producer commits a group's offsets inside its transaction
 * (sendOffsetsToTransaction). From v3 a request naming a member or a generation is checked as an
 * OffsetCommit is (unknown member, illegal generation, fenced instance); without them (older
 * clients) it is accepted as Kafka does. The offsets are written with acks=all as a transactional
 * batch of the producer and become visible when its commit marker arrives (dropped on abort);
 * meanwhile read_committed consumers fetching them get UNSTABLE_OFFSET_COMMIT.
 */
final class TxnOffsetCommitHandler implements ApiHandler {
    private final GroupCoordinator coordinator;
    private final ClassicGroups groups;
    private final OffsetCommitPartitions.Checks checks;

    TxnOffsetCommitHandler(GroupCoordinator coordinator, ClassicGroups groups, OffsetCommitPartitions.Checks checks) {
        this.coordinator = coordinator;
        this.groups = groups;
        this.checks = checks;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        String groupId = request.getString(TxnOffsetCommitRequest.GROUP_ID);
        Errors groupError = groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID
                : coordinator.checkCoordinator(groupId);
        if (groupError == Errors.NONE && version >= 3) {
            int generation = request.getInt(TxnOffsetCommitRequest.GENERATION_ID);
            String memberId = request.getString(TxnOffsetCommitRequest.MEMBER_ID);
            if (generation >= 0 || !memberId.isEmpty()) {
                groupError = groups.validateCommit(groupId, generation, memberId,
                        request.getString(TxnOffsetCommitRequest.GROUP_INSTANCE_ID));
            }
        }
        OffsetCommitPartitions commits = checks.start(groupError);
        for (Struct topic : request.getStructs(TxnOffsetCommitRequest.TOPICS)) {
            for (Struct p : topic.getStructs(TxnOffsetCommitRequest.Topics.PARTITIONS)) {
                commits.add(new TopicPartition(topic.getString(TxnOffsetCommitRequest.Topics.NAME),
                                p.getInt(TxnOffsetCommitRequest.Topics.Partitions.PARTITION_INDEX)),
                        p.getLong(TxnOffsetCommitRequest.Topics.Partitions.COMMITTED_OFFSET),
                        version >= 2 ? p.getInt(TxnOffsetCommitRequest.Topics.Partitions.COMMITTED_LEADER_EPOCH) : -1,
                        p.getString(TxnOffsetCommitRequest.Topics.Partitions.COMMITTED_METADATA));
            }
        }
        return commits.writeThenAnswer(toWrite -> coordinator.commitTransactionalOffsets(groupId,
                        request.getLong(TxnOffsetCommitRequest.PRODUCER_ID),
                        request.getShort(TxnOffsetCommitRequest.PRODUCER_EPOCH), toWrite),
                () -> response(request, commits));
    }

    private static Struct response(Struct request, OffsetCommitPartitions commits) {
        Struct response = ApiMessages.response(ApiKey.TXN_OFFSET_COMMIT).newStruct();
        for (Struct topic : request.getStructs(TxnOffsetCommitRequest.TOPICS)) {
            String name = topic.getString(TxnOffsetCommitRequest.Topics.NAME);
            Struct t = response.addElement(TxnOffsetCommitResponse.TOPICS).set(TxnOffsetCommitResponse.Topics.NAME, name);
            for (Struct p : topic.getStructs(TxnOffsetCommitRequest.Topics.PARTITIONS)) {
                int index = p.getInt(TxnOffsetCommitRequest.Topics.Partitions.PARTITION_INDEX);
                Errors e = commits.error(new TopicPartition(name, index));
                t.addElement(TxnOffsetCommitResponse.Topics.PARTITIONS)
                        .set(TxnOffsetCommitResponse.Topics.Partitions.PARTITION_INDEX, index)
                        .set(TxnOffsetCommitResponse.Topics.Partitions.ERROR_CODE, e.code());
            }
        }
        return response;
    }
}
