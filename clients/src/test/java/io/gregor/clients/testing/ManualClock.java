package io.gregor.clients.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock in milliseconds that moves only when a test moves it, for the components that take their
 * time as a {@code LongSupplier} (ReplicaManager, Partition, the group coordinators, the log): a
 * test of a timeout advances it past the boundary instead of sleeping. Thread-safe. Shared through
 * the gregor-clients test-jar.
 */
public final class ManualClock implements LongSupplier {
    private final AtomicLong nowMs;

    public ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    /** Starts at a fixed, realistic epoch time (2026-01-01T00:00:00Z). */
    public ManualClock() {
        this(1_767_225_600_000L);
    }

    @Override
    public long getAsLong() {
        return nowMs.get();
    }

    /** Moves the clock forward by {@code ms} (>= 0) and returns the new time. */
    public long advance(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("a clock does not go back: " + ms);
        }
        return nowMs.addAndGet(ms);
    }
}
