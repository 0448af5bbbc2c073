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
    /** The partitions of an incremental fetch session by id (0: none), set once at startup. */
    private volatile java.util.function.IntUnaryOperator fetchSessionSizes = sessionId -> 0;

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

    /**
     * Tells the network layer how many partitions an incremental fetch session holds, so that a
     * fetch naming few partitions of a large session is not served on a network thread.
     */
    public void fetchSessionSizes(java.util.function.IntUnaryOperator sizes) {
        this.fetchSessionSizes = sizes;
    }

    /** The partitions of fetch session {@code sessionId}, 0 if there is no such session. */
    int fetchSessionPartitions(int sessionId) {
        return fetchSessionSizes.applyAsInt(sessionId);
    }

    /** The APIs with handlers. */
    public java.util.Set<ApiKey> registeredApis() {
        return java.util.Set.copyOf(handlers.keySet());
    }
}
