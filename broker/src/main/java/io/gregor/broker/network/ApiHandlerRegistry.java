package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers the broker serves, by API. ApiVersions is answered from what is registered here,
 * so an API is advertised exactly when a handler for it exists. Registration happens at startup,
 * lookups from any thread.
 */
public final class ApiHandlerRegistry {
    private final Map<ApiKey, ApiHandler> handlers = new ConcurrentHashMap<>();

    /** Registers {@code handler} for {@code key}; registering one API twice is a programming error. */
    public void register(ApiKey key, ApiHandler handler) {
        if (handlers.putIfAbsent(key, handler) != null) {
            throw new IllegalStateException("a handler for " + key + " is already registered");
        }
    }

    /**
     * Replaces the handler of {@code key}, if one is registered, by {@code wrapper} applied to it
     * (e.g. a check every request of the API must pass first). Call at startup, before serving.
     */
    public void wrap(ApiKey key, java.util.function.UnaryOperator<ApiHandler> wrapper) {
        handlers.computeIfPresent(key, (k, handler) -> wrapper.apply(handler));
    }

    /** The handler of {@code key}, or null if the broker does not serve it. */
    public ApiHandler handler(ApiKey key) {
        return handlers.get(key);
    }

    /** The APIs with handlers. */
    public java.util.Set<ApiKey> registeredApis() {
        return java.util.Set.copyOf(handlers.keySet());
    }
}
