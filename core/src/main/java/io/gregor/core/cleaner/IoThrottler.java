package io.gregor.core.cleaner;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Holds the log cleaner's reads and writes to {@code log.cleaner.io.max.bytes.per.second} on
 * average, across all cleaner threads (Kafka's cleaner throttler): a thread that finds the bytes
 * counted since the window began ahead of the rate sleeps until they are not. The rate may change
 * at any time; a change, or {@link #wakeUp()}, ends the sleeps under way (so a cleaner held by a
 * very low rate stops or speeds up at once). Thread-safe (synchronized; sleeps wait on this).
 */
public final class IoThrottler {
    /** The window over which the rate is averaged before counting starts again. */
    static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final LongSupplier nanoClock;
    private double bytesPerSecond; // guarded by this
    private long windowStartNanos; // guarded by this
    private double bytesInWindow; // guarded by this
    private long wakeUps; // guarded by this

    public IoThrottler(double bytesPerSecond, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.bytesPerSecond = bytesPerSecond;
        this.windowStartNanos = nanoClock.getAsLong();
    }

    /** A throttler that never sleeps (until its rate is changed). */
    public static IoThrottler unlimited() {
        return new IoThrottler(Double.MAX_VALUE, System::nanoTime);
    }

    public synchronized void updateRate(double newBytesPerSecond) {
        bytesPerSecond = newBytesPerSecond;
        wakeUp();
    }

    /** Ends every sleep under way (the cleaner is stopping or restarting). */
    public synchronized void wakeUp() {
        wakeUps++;
        windowStartNanos = nanoClock.getAsLong();
        bytesInWindow = 0;
        notifyAll();
    }

    public synchronized double rate() {
        return bytesPerSecond;
    }

    /** Counts {@code bytes} read or written and sleeps as long as the cleaner is ahead of the rate. */
    public synchronized void maybeThrottle(long bytes) throws InterruptedException {
        if (bytesPerSecond == Double.MAX_VALUE) {
            return;
        }
        bytesInWindow += bytes;
        long now = nanoClock.getAsLong();
        long elapsed = now - windowStartNanos;
        long sleepNanos = Math.max(0, (long) (bytesInWindow / bytesPerSecond * 1e9) - elapsed);
        if (elapsed + sleepNanos >= WINDOW_NANOS) { // start a new window once this one is paid for
            windowStartNanos = now + sleepNanos;
            bytesInWindow = 0;
        }
        long deadline = now + sleepNanos;
        long generation = wakeUps;
        while (generation == wakeUps) {
            long left = deadline - nanoClock.getAsLong();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
