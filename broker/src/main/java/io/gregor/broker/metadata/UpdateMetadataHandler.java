package io.gregor.broker.metadata;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.UpdateMetadataRequest;
import io.gregor.clients.protocol.schemas.UpdateMetadataResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the controller's UpdateMetadata to the {@link MetadataCache}; stale controller epochs are
 * refused. Each applied request's broker epoch (-1 before v5) goes to the {@code onApplied} listener.
 */
public final class UpdateMetadataHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(UpdateMetadataHandler.class);
    private final MetadataCache cache;
    private final LongConsumer onApplied;

    public UpdateMetadataHandler(MetadataCache cache) {
        this(cache, brokerEpoch -> { });
    }

    public UpdateMetadataHandler(MetadataCache cache, LongConsumer onApplied) {
        this.cache = cache;
        this.onApplied = onApplied;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Errors error = Errors.NONE;
        if (!cache.update(request, context.apiVersion())) {
            error = Errors.STALE_CONTROLLER_EPOCH;
            log.info("Refused UpdateMetadata from controller {} with epoch {}: epoch {} already seen",
                    request.getInt(UpdateMetadataRequest.CONTROLLER_ID),
                    request.getInt(UpdateMetadataRequest.CONTROLLER_EPOCH),
                    cache.snapshot().controllerEpoch());
        } else {
            onApplied.accept(context.apiVersion() >= 5 ? request.getLong(UpdateMetadataRequest.BROKER_EPOCH) : -1);
        }
        return CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.UPDATE_METADATA).newStruct()
                        .set(UpdateMetadataResponse.ERROR_CODE, error.code()));
    }
}
