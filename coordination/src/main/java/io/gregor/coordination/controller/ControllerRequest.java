package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One controller-to-broker request waiting in a broker's queue, with the callback that receives
 * the response body (on the broker's sender thread).
 *
 * @param notBefore the request is not sent before this completes (it must complete, e.g. by a
 *                  timeout, for the queue behind it to move); {@link #NOW} for no wait
 * @param finished  completed once the request is answered (after {@code onResponse}) or dropped
 *                  with its queue, so that others can wait for it
 */
record ControllerRequest(ApiKey apiKey, short version, Struct body, Consumer<Struct> onResponse,
                         CompletableFuture<?> notBefore, CompletableFuture<Void> finished) {

    static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    ControllerRequest(ApiKey apiKey, short version, Struct body, Consumer<Struct> onResponse) {
        this(apiKey, version, body, onResponse, NOW, new CompletableFuture<>());
    }
}
