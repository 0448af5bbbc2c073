package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.InitProducerIdRequest;
import io.gregor.clients.protocol.schemas.InitProducerIdResponse;
import io.gregor.replication.producer.ProducerIdManager;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId (v0-5) for idempotent producers: a fresh producer id from this broker's
 * ZooKeeper-claimed block, epoch 0 (a given producer id/epoch is ignored, as Kafka does without a
 * transactional id). Transactional ids are refused with TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
 * Gregor has no transaction coordinator, and a non-retriable error makes clients fail fast
 * instead of retrying until their timeout. If ZooKeeper cannot give a new id block the answer is
 * the retriable COORDINATOR_NOT_AVAILABLE.
 */
public final class InitProducerIdHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(InitProducerIdHandler.class);
    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.INIT_PRODUCER_ID).newStruct();
        if (request.getString(InitProducerIdRequest.TRANSACTIONAL_ID) != null) {
            response.set(InitProducerIdResponse.ERROR_CODE, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                    .set(InitProducerIdResponse.PRODUCER_ID, -1L)
                    .set(InitProducerIdResponse.PRODUCER_EPOCH, (short) -1);
        } else {
            try {
                response.set(InitProducerIdResponse.ERROR_CODE, Errors.NONE.code())
                        .set(InitProducerIdResponse.PRODUCER_ID, producerIds.generateProducerId())
                        .set(InitProducerIdResponse.PRODUCER_EPOCH, (short) 0);
            } catch (RuntimeException e) {
                log.warn("Could not allocate a producer id for client {} (correlation id {})", context.clientId(),
                        context.correlationId(), e);
                response.set(InitProducerIdResponse.ERROR_CODE, Errors.COORDINATOR_NOT_AVAILABLE.code())
                        .set(InitProducerIdResponse.PRODUCER_ID, -1L)
                        .set(InitProducerIdResponse.PRODUCER_EPOCH, (short) -1);
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
