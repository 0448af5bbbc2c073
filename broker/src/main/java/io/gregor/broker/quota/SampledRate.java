package io.gregor.broker.quota;

/**
 * A rate per second measured as Kafka's {@code Rate} over a {@code SampledStat} measures it: the
 * values recorded in the last {@code samples} windows of {@code windowMs} each, divided by the time
 * they span, which counts as at least {@code samples - 1} full windows (so that a client's first
 * burst is not measured over a few milliseconds). Not thread-safe: the owner synchronizes.
 */
final class SampledRate {
    private final int samples;
    private final long windowMs;
    private final long[] windowStart;
    private final double[] windowValue;
    private int current;

    SampledRate(int samples, long windowMs, long nowMs) {
        this.samples = samples;
        this.windowMs = windowMs;
        this.windowStart = new long[samples];
        this.windowValue = new double[samples];
        for (int i = 0; i < samples; i++) {
            windowStart[i] = Long.MIN_VALUE;
        }
        windowStart[0] = nowMs;
    }

    /** The time of the newest window's start: a rate idle for longer than all windows measures 0. */
    long lastWindowStartMs() {
        return windowStart[current];
    }

    long spanMs() {
        return (long) samples * windowMs;
    }

    void record(double value, long nowMs) {
        if (nowMs >= windowStart[current] + windowMs) {
            current = (current + 1) % samples;
            windowStart[current] = nowMs;
            windowValue[current] = 0;
        }
        windowValue[current] += value;
    }

    /** Takes back a value recorded now (a throttled fetch whose response is sent empty, as Kafka does). */
    void unrecord(double value) {
        windowValue[current] -= value;
    }

    /** The rate per second now. */
    double measure(long nowMs) {
        double total = 0;
        long oldest = nowMs;
        for (int i = 0; i < samples; i++) {
            if (windowStart[i] != Long.MIN_VALUE && nowMs - windowStart[i] < (long) samples * windowMs) {
                total += windowValue[i];
                oldest = Math.min(oldest, windowStart[i]);
            }
        }
        return total / (windowSizeMs(nowMs, oldest) / 1000.0);
    }

    /** The time the measured windows span, at least {@code samples - 1} full windows. */
    long windowSizeMs(long nowMs) {
        long oldest = nowMs;
        for (int i = 0; i < samples; i++) {
            if (windowStart[i] != Long.MIN_VALUE && nowMs - windowStart[i] < (long) samples * windowMs) {
                oldest = Math.min(oldest, windowStart[i]);
            }
        }
        return windowSizeMs(nowMs, oldest);
    }

    private long windowSizeMs(long nowMs, long oldest) {
        long elapsed = nowMs - oldest;
        long fullWindows = elapsed / windowMs;
        long minFullWindows = samples - 1L;
        if (fullWindows < minFullWindows) {
            elapsed += (minFullWindows - fullWindows) * windowMs;
        }
        return Math.max(elapsed, 1);
    }
}
