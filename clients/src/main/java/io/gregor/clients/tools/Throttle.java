package io.gregor.clients.tools;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces a sender to at most {@code perSecond} operations per second on average since it was made:
 * {@link #pace} parks the caller while it is ahead of schedule. A negative rate means unthrottled.
 * Used by one thread only.
 */
final class Throttle {
    private final double nanosPerOperation;
    private final long startNanos;

    Throttle(double perSecond) {
        this.nanosPerOperation = perSecond <= 0 ? 0 : 1e9 / perSecond;
        this.startNanos = System.nanoTime();
    }

    boolean unthrottled() {
        return nanosPerOperation == 0;
    }

    /** Waits until operation number {@code done} (0-based) is due. */
    void pace(long done) {
        if (unthrottled()) {
            return;
        }
        long due = startNanos + (long) (done * nanosPerOperation);
        for (long ahead = due - System.nanoTime(); ahead > 0; ahead = due - System.nanoTime()) {
            LockSupport.parkNanos(ahead);
        }
    }
}
