package io.gregor.broker.metadata;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the controller's UpdateMetadata to the {@link MetadataCache}; stale controller epochs are refused. */
public final class UpdateMetadataHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(UpdateMetadataHandler.class);
    private final MetadataCache cache;

    public UpdateMetadataHandler(MetadataCache cache) {
        this.cache = cache;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Errors error = Errors.NONE;
        if (!cache.update(request, context.apiVersion())) {
            error = Errors.STALE_CONTROLLER_EPOCH;
            log.info("Refused UpdateMetadata from controller {} with epoch {}: epoch {} already seen",
                    request.getInt("ControllerId"), request.getInt("ControllerEpoch"),
                    cache.snapshot().controllerEpoch());
        }
        return CompletableFuture.completedFuture(
                ApiMessages.response(ApiKey.UPDATE_METADATA).newStruct().set("ErrorCode", error.code()));
    }
}
