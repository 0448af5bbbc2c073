package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;

/**
 * What the socket server tells the broker's metrics about its requests: each request's phases
 * ({@link RequestTimes}) once its response is sent, and how long the request handler threads
 * waited for work. Implementations must be cheap and must never block: {@link #statsFor} runs on a
 * network thread once per request, {@link Stats#record} on a network thread once per response,
 * {@link #handlerIdle} on a request handler thread whenever it stops waiting for work.
 */
public interface RequestObserver {
    /** Records nothing. */
    RequestObserver NONE = new RequestObserver() {
        @Override
        public Stats statsFor(ApiKey api, short version, Struct request) {
            return Stats.NONE;
        }

        @Override
        public void handlerIdle(long nanosPerThread) {
        }
    };

    /**
     * Where a request of {@code api} version {@code version} is counted; {@code request} is its
     * decoded body (a Fetch counts as a consumer's or a follower's by its replica id). Must return
     * objects made beforehand: no allocation or lookup by name here.
     */
    Stats statsFor(ApiKey api, short version, Struct request);

    /**
     * The request handler threads were idle (waiting for a request) for {@code nanosPerThread}:
     * one thread's wait divided by the number of handler threads, so that the sum over a second is
     * the pool's average idle fraction of that second.
     */
    void handlerIdle(long nanosPerThread);

    /** The statistics one kind of request (an API, a version, and for Fetch who sends it) is counted into. */
    interface Stats {
        Stats NONE = times -> {
        };

        /** A request of this kind was answered (or, without a response, completed). Called on a network thread. */
        void record(RequestTimes times);

        /**
         * The answer to a request of this kind, before it is written (no call for a request without
         * one). Called on a network thread; may read the response, must not keep or change it.
         */
        default void responded(Struct response) {
        }
    }
}
