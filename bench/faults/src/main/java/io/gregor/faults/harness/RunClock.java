package io.gregor.faults.harness;

import java.time.Instant;

/**
 * The harness's one clock: monotonic nanoseconds for every interval it measures, mapped to wall
 * time only for printing (so that log lines can be matched with the brokers' logs).
 */
final class RunClock {
    private static final long ORIGIN_NANOS = System.nanoTime();
    private static final long ORIGIN_MILLIS = System.currentTimeMillis();

    private RunClock() {
    }

    static long now() {
        return System.nanoTime();
    }

    static Instant wall(long nanos) {
        return Instant.ofEpochMilli(ORIGIN_MILLIS + (nanos - ORIGIN_NANOS) / 1_000_000);
    }

    static long millisBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
