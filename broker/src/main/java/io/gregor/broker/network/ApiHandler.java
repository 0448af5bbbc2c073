package io.gregor.broker.network;

import io.gregor.clients.protocol.Struct;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one API. Called on a request-handler thread, never on a network event loop: it may do
 * brief blocking work (a log append, a ZooKeeper read), but anything that waits (acks=all,
 * long-poll fetch) completes the returned future later instead of blocking.
 *
 * <p>The future completes with the response body in the request's version, or with {@code null}
 * for "send no response" (Produce with acks=0). If it completes exceptionally the server answers
 * with the API's error response where it can build one, otherwise closes the connection, and
 * logs the failure once with the client id and correlation id.
 */
@FunctionalInterface
public interface ApiHandler {
    CompletableFuture<Struct> handle(RequestContext context, Struct request);
}
