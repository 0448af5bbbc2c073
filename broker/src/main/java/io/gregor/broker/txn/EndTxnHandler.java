package io.gregor.broker.txn;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.EndTxnRequest;
import io.gregor.clients.protocol.schemas.EndTxnResponse;
import java.util.concurrent.CompletableFuture;

/**
 * EndTxn v0-4: commits or aborts the producer's transaction; answered once PrepareCommit or
 * PrepareAbort is stored (the markers follow). PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH
 * before v2.
 */
final class EndTxnHandler implements ApiHandler {
    private final TransactionCoordinator coordinator;

    EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        return coordinator.endTransaction(request.getString(EndTxnRequest.TRANSACTIONAL_ID),
                request.getLong(EndTxnRequest.PRODUCER_ID), request.getShort(EndTxnRequest.PRODUCER_EPOCH),
                request.getBool(EndTxnRequest.COMMITTED)).thenApply(error -> ApiMessages.response(ApiKey.END_TXN)
                .newStruct().set(EndTxnResponse.ERROR_CODE,
                        (error == Errors.PRODUCER_FENCED && context.apiVersion() < 2 ? Errors.INVALID_PRODUCER_EPOCH : error).code()));
    }
}
