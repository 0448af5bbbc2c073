package io.gregor.broker.txn;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId with a transactional id, answered by the {@link TransactionCoordinator}; requests
 * without one go to the idempotent-producer handler this one wraps. v3+ carry the producer's
 * current id and epoch (KIP-360). Before v4, PRODUCER_FENCED is answered as INVALID_PRODUCER_EPOCH,
 * which those clients know.
 */
final class InitProducerIdTxnHandler implements ApiHandler {
    private final TransactionCoordinator coordinator;
    private final ApiHandler idempotent;

    InitProducerIdTxnHandler(TransactionCoordinator coordinator, ApiHandler idempotent) {
        this.coordinator = coordinator;
        this.idempotent = idempotent;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        String transactionalId = request.getString(InitProducerIdRequest.TRANSACTIONAL_ID);
        if (transactionalId == null) {
            return idempotent.handle(context, request);
        }
        short version = context.apiVersion();
        long expectedId = version >= 3 ? request.getLong(InitProducerIdRequest.PRODUCER_ID) : -1L;
        short expectedEpoch = version >= 3 ? request.getShort(InitProducerIdRequest.PRODUCER_EPOCH) : -1;
        if ((expectedId >= 0) != (expectedEpoch >= 0)) {
            return CompletableFuture.completedFuture(response(Errors.INVALID_REQUEST, -1L, (short) -1));
        }
        return coordinator.initProducerId(transactionalId, request.getInt(InitProducerIdRequest.TRANSACTION_TIMEOUT_MS),
                expectedId, expectedEpoch).thenApply(r -> response(
                r.error() == Errors.PRODUCER_FENCED && version < 4 ? Errors.INVALID_PRODUCER_EPOCH : r.error(),
                r.producerId(), r.producerEpoch()));
    }

    private static Struct response(Errors error, long producerId, short epoch) {
        return ApiMessages.response(ApiKey.INIT_PRODUCER_ID).newStruct()
                .set(InitProducerIdResponse.ERROR_CODE, error.code())
                .set(InitProducerIdResponse.PRODUCER_ID, producerId)
                .set(InitProducerIdResponse.PRODUCER_EPOCH, epoch);
    }
}
