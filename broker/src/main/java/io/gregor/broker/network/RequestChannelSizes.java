package io.gregor.broker.network;

import java.util.concurrent.atomic.LongAdder;

/**
 * Kafka's RequestChannel queue sizes, counted across all connections: requests handed to the
 * request handler threads that no handler has picked up yet ({@code RequestQueueSize}), and
 * answers that are ready but not yet taken by their network thread ({@code ResponseQueueSize}).
 * Each counter rises and falls exactly once per request; thread safe (LongAdders, so the network
 * and handler threads do not contend on one word).
 */
final class RequestChannelSizes {
    private final LongAdder requests = new LongAdder();
    private final LongAdder responses = new LongAdder();

    void requestQueued() {
        requests.increment();
    }

    void requestDequeued() {
        requests.decrement();
    }

    void responseQueued() {
        responses.increment();
    }

    void responseDequeued() {
        responses.decrement();
    }

    int requestQueueSize() {
        return (int) Math.max(0, requests.sum());
    }

    int responseQueueSize() {
        return (int) Math.max(0, responses.sum());
    }
}
