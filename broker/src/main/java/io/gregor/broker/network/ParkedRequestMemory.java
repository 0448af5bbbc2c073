package io.gregor.broker.network;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes held by parked requests: requests whose handler has taken them and answers later (a
 * Fetch waiting for data, a JoinGroup waiting for its rebalance, a Produce waiting for its
 * acknowledgements). A request moves here from the {@link RequestMemoryPool} when its handler parks
 * it, so parked requests, which may wait up to {@code fetch.max.wait.ms} or a rebalance timeout,
 * never keep other connections from reading. They are bounded apart instead: beyond
 * its capacity, a connection that already has a parked request reads nothing more until its
 * parked requests are answered ({@link ReadGate.Reason#PARKED_REQUESTS}); a connection without one
 * always may park one, so a consumer's Fetch or a producer's first acks=all Produce is never
 * held back by others' parked requests. So at most {@code capacity} plus one request per
 * connection is parked. Thread-safe (an atomic counter).
 */
final class ParkedRequestMemory {
    private final long capacity;
    /** The bytes parked now. Atomic. */
    private final AtomicLong parked = new AtomicLong();

    /** {@link Long#MAX_VALUE} capacity means unbounded. */
    ParkedRequestMemory(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    static ParkedRequestMemory unbounded() {
        return new ParkedRequestMemory(Long.MAX_VALUE);
    }

    void add(long bytes) {
        parked.addAndGet(bytes);
    }

    void remove(long bytes) {
        parked.addAndGet(-bytes);
    }

    /** True when more than the capacity is parked: connections with a parked request stop reading. */
    boolean isFull() {
        return parked.get() > capacity;
    }

    long parked() {
        return parked.get();
    }
}
