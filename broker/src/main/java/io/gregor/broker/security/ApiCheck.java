package io.gregor.broker.security;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.Struct;
import java.util.concurrent.CompletableFuture;

/**
 * The authorization of one API, in front of its handler: answers a refused request itself, or
 * passes the request on ({@code next}), possibly narrowed to what the caller may touch, and
 * completes the response with the refused parts.
 */
@FunctionalInterface
interface ApiCheck {
    CompletableFuture<Struct> handle(RequestAuthorizer auth, RequestContext context, Struct request, ApiHandler next);
}
