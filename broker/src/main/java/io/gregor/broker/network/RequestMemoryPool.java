package io.gregor.broker.network;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes held for requests being read or queued ({@code queued.max.request.bytes}): a request's
 * frame is reserved as the {@link FrameDecoder} allocates its buffer (whole once its 4-byte size has
 * been read for frames of up to 1 MiB, as the bytes arrive for larger ones), its decoded form is
 * added as it is built, and all of it is released when the request no longer needs it (its handler's future
 * completed). A connection whose next frame cannot be reserved stops reading and waits here; a
 * release wakes the waiters one at a time.
 *
 * <p>As Kafka's non-strict pool, a reservation succeeds whenever any memory is free, even if it
 * is larger than what is free (the pool then goes below zero until enough is released): a frame
 * larger than the free space, even larger than the pool, is still served once the others finish,
 * and never waits forever. So at most {@code capacity + socket.request.max.bytes} of frames are
 * held. Decoded forms are charged unconditionally (the frame is already read), and a decode that
 * would take the total past that same bound is refused ({@link #pastHardLimit()}): frames and
 * decoded requests together never hold more than {@code capacity + socket.request.max.bytes}
 * (plus one decoder step per network thread), and a request alone may always use that much.
 *
 * <p>Periods without free memory are logged, at most one line per {@link #LOG_INTERVAL_NANOS}
 * (with the number of periods since the last line) and one when a period has lasted a second or
 * more, so an operator sees when and for how long connections waited. Thread-safe: the counters are
 * atomic, the waiters a concurrent queue.
 */
final class RequestMemoryPool {
    private static final Logger log = LoggerFactory.getLogger(RequestMemoryPool.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long LONG_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long capacity;
    /** The largest frame ({@code socket.request.max.bytes}): how far below zero the pool may go. */
    private final long maxRequestBytes;
    /** Capacity minus what is reserved; may go negative (see above). Atomic. */
    private final AtomicLong available;
    /** The most ever reserved at once, for tests and operators. Atomic. */
    private final AtomicLong peakReserved = new AtomicLong();
    /** When the current period without free memory began (System.nanoTime), 0 when memory is free. Atomic. */
    private final AtomicLong exhaustedSince = new AtomicLong();
    /** Periods without free memory not yet logged, and when the last was logged (System.nanoTime). Atomic. */
    private final AtomicLong unloggedPeriods = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    /** Connections waiting for memory: each entry resumes one of them (on its own event loop). */
    private final ConcurrentLinkedQueue<Runnable> waiters = new ConcurrentLinkedQueue<>();

    /**
     * A pool of {@code capacity} bytes for frames of up to {@code maxRequestBytes};
     * {@link Long#MAX_VALUE} capacity means unbounded (Kafka's -1).
     */
    RequestMemoryPool(long capacity, long maxRequestBytes) {
        if (capacity <= 0 || maxRequestBytes < 0) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity + " (max request "
                    + maxRequestBytes + ")");
        }
        this.capacity = capacity;
        this.maxRequestBytes = maxRequestBytes;
        this.available = new AtomicLong(capacity);
    }

    static RequestMemoryPool unbounded() {
        return new RequestMemoryPool(Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    boolean isBounded() {
        return capacity != Long.MAX_VALUE;
    }

    long capacity() {
        return capacity;
    }

    /** The bytes reserved now. */
    long reserved() {
        return capacity - available.get();
    }

    long peakReserved() {
        return peakReserved.get();
    }

    /** Reserves {@code bytes} if any memory is free (the pool may go below zero); false when none is. */
    boolean tryReserve(long bytes) {
        while (true) {
            long free = available.get();
            if (free <= 0) {
                noteExhausted();
                return false;
            }
            if (available.compareAndSet(free, free - bytes)) {
                notePeak();
                return true;
            }
        }
    }

    /** Reserves {@code bytes} whatever is free (for memory already allocated). */
    void reserveForced(long bytes) {
        available.addAndGet(-bytes);
        notePeak();
    }

    /** True when more than capacity plus the largest frame is reserved: decoding a request must stop. */
    boolean pastHardLimit() {
        return isBounded() && available.get() < -maxRequestBytes;
    }

    /** Gives back {@code bytes} reserved earlier and, if memory is free, resumes a waiting connection. */
    void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        if (available.addAndGet(bytes) > 0) {
            noteAvailable();
        }
        wakeOneIfFree();
    }

    private void noteExhausted() {
        long now = System.nanoTime();
        if (!exhaustedSince.compareAndSet(0, now)) {
            return;
        }
        long periods = unloggedPeriods.incrementAndGet();
        long last = lastLogNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
            unloggedPeriods.set(0);
            log.info("Request memory exhausted: {} bytes held by requests being read, queued or answered "
                    + "(queued.max.request.bytes {}); connections wait before reading more ({} such periods in the last {} s)",
                    reserved(), capacity, periods, TimeUnit.NANOSECONDS.toSeconds(now - last));
        }
    }

    private void noteAvailable() {
        long since = exhaustedSince.get();
        if (since != 0 && exhaustedSince.compareAndSet(since, 0)) {
            long lasted = System.nanoTime() - since;
            if (lasted >= LONG_PERIOD_NANOS) {
                log.info("Request memory available again after {} ms without", TimeUnit.NANOSECONDS.toMillis(lasted));
            }
        }
    }

    /**
     * Registers {@code resume} to be run (once) when memory may be free; it runs on the releasing
     * thread and must only hand work to its connection's event loop. A connection that then still
     * finds no memory registers again.
     */
    void awaitMemory(Runnable resume) {
        waiters.add(resume);
        wakeOneIfFree(); // memory released between the failed reservation and now
    }

    /** Resumes the next waiting connection if memory is free (a resumed one that reserved calls this again). */
    void wakeOneIfFree() {
        if (available.get() > 0) {
            Runnable next = waiters.poll();
            if (next != null) {
                next.run();
            }
        }
    }

    /** Connections waiting for memory now. */
    int waitingConnections() {
        return waiters.size();
    }

    private void notePeak() {
        long now = reserved();
        peakReserved.accumulateAndGet(now, Math::max);
    }

    @Override
    public String toString() {
        return isBounded() ? "RequestMemoryPool{" + reserved() + "/" + capacity + " bytes reserved}"
                : "RequestMemoryPool{unbounded}";
    }
}
