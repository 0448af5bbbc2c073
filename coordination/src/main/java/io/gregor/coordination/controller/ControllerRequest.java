package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;

import java.util.function.Consumer;

/**
 * One controller-to-broker request waiting in a broker's queue, with the callback that receives
 * the response body (on the broker's sender thread).
 */
record ControllerRequest(ApiKey apiKey, short version, Struct body, Consumer<Struct> onResponse) {
}
