package io.gregor.broker.network;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's part of the {@link RequestMemoryPool}: what its frames, decoded requests and
 * unsent responses hold, and its guaranteed share ({@link #MAX_GUARANTEED_BYTES}, or a 64th of a
 * smaller pool). A connection holding at most its share may take in its next frame even when the pool is exhausted, as long
 * as the frame keeps it within that share. So a few connections holding the pool (requests
 * parked for up to their MaxWaitMs or rebalance timeout, frames whose bytes come slowly) make
 * only connections that already hold more than their share wait, not a producer with its small
 * requests in flight or the controller's requests (which the fuzzer showed stalled for up to 8 s
 * behind fuzzed requests otherwise). The pool can thus be exceeded by at most
 * one share per connection; {@code max.connections} bounds the connections.
 *
 * <p>Thread-safe: {@code held} is atomic; the wake-up registered by a waiting frame decoder is
 * handed over atomically, and it only schedules work on the connection's event loop.
 */
final class ConnectionMemory {
    /** What a connection may always hold: one request of a producer's default max.request.size (1 MiB). */
    static final long MAX_GUARANTEED_BYTES = 1L << 20;

    private final RequestMemoryPool pool;
    private final long guaranteedBytes;
    private final AtomicLong held = new AtomicLong();
    /** A waiting decoder's wake-up and the bytes it waits for, while it waits; null otherwise. */
    private final AtomicReference<Waiter> waiter = new AtomicReference<>();

    private record Waiter(Runnable resume, long bytes) {
    }

    ConnectionMemory(RequestMemoryPool pool) {
        this.pool = pool;
        this.guaranteedBytes = pool.isBounded() ? Math.min(MAX_GUARANTEED_BYTES, pool.capacity() / 64) : 0;
    }

    /** Reserves {@code bytes} from the pool, or within this connection's guaranteed share; false when neither has room. */
    boolean tryReserve(long bytes) {
        if (pool.tryReserve(bytes)) {
            held.addAndGet(bytes);
            return true;
        }
        if (withinShare(bytes)) {
            pool.reserveForced(bytes);
            held.addAndGet(bytes);
            return true;
        }
        return false;
    }

    /** Reserves {@code bytes} whatever is free (memory already allocated: decoded forms, responses). */
    void reserveForced(long bytes) {
        pool.reserveForced(bytes);
        held.addAndGet(bytes);
    }

    /** True when this connection holds more than its share and the pool is past its hard limit: a decode must stop. */
    boolean pastHardLimit() {
        return held.get() > guaranteedBytes && pool.pastHardLimit();
    }

    /** Gives back {@code bytes}; resumes this connection's own waiting decoder if its share now has room. */
    void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        held.addAndGet(-bytes);
        pool.release(bytes);
        Waiter w = waiter.get();
        if (w != null && withinShare(w.bytes()) && waiter.compareAndSet(w, null)) {
            w.resume().run();
        }
    }

    /**
     * Waits for {@code bytes} of memory: resumed by the pool when memory is free, or by this
     * connection's own releases when its share has room. {@code resume} may run more than once
     * (the decoder ignores extra wake-ups and passes the pool's turn on).
     */
    void awaitMemory(long bytes, Runnable resume) {
        waiter.set(new Waiter(resume, bytes));
        pool.awaitMemory(resume);
        Waiter w = waiter.get();
        if (w != null && withinShare(bytes) && waiter.compareAndSet(w, null)) {
            w.resume().run(); // released down into the share between the failed reservation and now
        }
    }

    /** Forgets a waiting decoder's wake-up (it reserved, or the connection closed). */
    void stopWaiting() {
        waiter.set(null);
    }

    /** Resumes the pool's next waiting connection if memory is free. */
    void wakeOneIfFree() {
        pool.wakeOneIfFree();
    }

    long capacity() {
        return pool.capacity();
    }

    /** The bytes this connection holds now. */
    long held() {
        return held.get();
    }

    private boolean withinShare(long bytes) {
        return held.get() + bytes <= guaranteedBytes;
    }

    @Override
    public String toString() {
        return "ConnectionMemory{" + held.get() + " bytes held, " + pool + "}";
    }
}
