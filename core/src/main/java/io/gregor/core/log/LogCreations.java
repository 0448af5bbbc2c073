package io.gregor.core.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The logs a {@link LogManager} is creating now, each reserved under the manager's creation lock
 * with the dir it goes to, its files created outside that lock. Not thread safe: the caller holds
 * the creation lock for every call but {@link Creation#await}.
 */
final class LogCreations {
    /** One creation in flight: where its log goes, and the log once created (or the failure). */
    record Creation(Path parent, CompletableFuture<Log> done) {
        /** The log this creation made, waiting for it; its failure as an IOException. */
        Log await(TopicPartition tp) throws IOException {
            try {
                return done.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof IOException io ? io
                        : new IOException("creating the log of " + tp + " failed: " + e.getCause(), e.getCause());
            }
        }

        /** Waits for this creation to end, however it ends. */
        void awaitEnd() {
            try {
                done.join();
            } catch (CompletionException ignored) {
                // it failed: the caller finds no log
            }
        }
    }

    private final Map<TopicPartition, Creation> inFlight = new HashMap<>();

    /** The creation of {@code tp} in flight, or null. */
    Creation get(TopicPartition tp) {
        return inFlight.get(tp);
    }

    /** Reserves the creation of {@code tp} in {@code parent}. */
    Creation reserve(TopicPartition tp, Path parent) {
        Creation creation = new Creation(parent, new CompletableFuture<>());
        inFlight.put(tp, creation);
        return creation;
    }

    /** The creation of {@code tp} ended (installed or failed). */
    void end(TopicPartition tp) {
        inFlight.remove(tp);
    }

    /** Every creation in flight (the dir placement counts them). */
    Collection<Creation> all() {
        return inFlight.values();
    }
}
