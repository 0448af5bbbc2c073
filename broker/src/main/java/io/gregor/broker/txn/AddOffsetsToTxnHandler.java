package io.gregor.broker.txn;

import io.gregor.broker.group.OffsetsTopic;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AddOffsetsToTxnRequest;
import io.gregor.clients.protocol.schemas.AddOffsetsToTxnResponse;
import io.gregor.core.log.TopicPartition;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * AddOffsetsToTxn v0-4: the group's {@code __consumer_offsets} partition joins the transaction, so
 * that its markers make the transaction's offset commits visible (or drop them). PRODUCER_FENCED is
 * answered as INVALID_PRODUCER_EPOCH before v2.
 */
final class AddOffsetsToTxnHandler implements ApiHandler {
    private final TransactionCoordinator coordinator;
    private final int offsetsTopicPartitions;

    AddOffsetsToTxnHandler(TransactionCoordinator coordinator, int offsetsTopicPartitions) {
        this.coordinator = coordinator;
        this.offsetsTopicPartitions = offsetsTopicPartitions;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        String groupId = request.getString(AddOffsetsToTxnRequest.GROUP_ID);
        TopicPartition offsets = new TopicPartition(OffsetsTopic.NAME,
                OffsetsTopic.partitionFor(groupId, offsetsTopicPartitions));
        return coordinator.addPartitions(request.getString(AddOffsetsToTxnRequest.TRANSACTIONAL_ID),
                request.getLong(AddOffsetsToTxnRequest.PRODUCER_ID), request.getShort(AddOffsetsToTxnRequest.PRODUCER_EPOCH),
                Set.of(offsets)).thenApply(error -> ApiMessages.response(ApiKey.ADD_OFFSETS_TO_TXN).newStruct()
                .set(AddOffsetsToTxnResponse.ERROR_CODE,
                        (error == Errors.PRODUCER_FENCED && context.apiVersion() < 2 ? Errors.INVALID_PRODUCER_EPOCH : error).code()));
    }
}
