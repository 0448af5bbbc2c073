package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Answers ApiVersions with the version ranges of the APIs registered in the
 * {@link ApiHandlerRegistry} plus ApiVersions itself. A request for an ApiVersions version this
 * broker does not know is answered (per KIP-511) by {@link #unsupportedVersionResponse()}, which the
 * server encodes as v0 so any client can read it and retry with a version from the list.
 * No features are supported or finalized: those fields stay empty.
 */
public final class ApiVersionsHandler implements ApiHandler {
    /** KIP-511's rule for ClientSoftwareName and ClientSoftwareVersion. */
    private static final Pattern SOFTWARE_FIELD = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");

    private final ApiHandlerRegistry registry;

    public ApiVersionsHandler(ApiHandlerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        if (context.apiVersion() >= 3 && (!SOFTWARE_FIELD.matcher(request.getString(ApiVersionsRequest.CLIENT_SOFTWARE_NAME)).matches()
                || !SOFTWARE_FIELD.matcher(request.getString(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION)).matches())) {
            return CompletableFuture.completedFuture(response(Errors.INVALID_REQUEST));
        }
        return CompletableFuture.completedFuture(response(Errors.NONE));
    }

    /** The v0-shaped answer to an ApiVersions request of a version we do not support. */
    public Struct unsupportedVersionResponse() {
        return response(Errors.UNSUPPORTED_VERSION);
    }

    private Struct response(Errors error) {
        Struct response = ApiMessages.response(ApiKey.API_VERSIONS).newStruct()
                .set(ApiVersionsResponse.ERROR_CODE, error.code())
                .set(ApiVersionsResponse.THROTTLE_TIME_MS, 0);
        TreeSet<ApiKey> apis = new TreeSet<>(Comparator.comparingInt(k -> k.id));
        apis.addAll(registry.registeredApis());
        apis.add(ApiKey.API_VERSIONS);
        for (ApiKey api : apis) {
            response.addElement(ApiVersionsResponse.API_KEYS).set(ApiKeys.API_KEY, api.id)
                    .set(ApiKeys.MIN_VERSION, api.minVersion)
                    .set(ApiKeys.MAX_VERSION, api.maxVersion);
        }
        return response;
    }
}
