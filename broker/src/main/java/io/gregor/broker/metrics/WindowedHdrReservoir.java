package io.gregor.broker.metrics;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The request histograms' reservoir: values go into an HdrHistogram {@link Recorder} (wait-free, a
 * few nanoseconds and no allocation per value, where a decaying sample costs a sorted-map insert per
 * value: the request path's cost, measured with bench/compare.sh --baseline), and a snapshot
 * covers the last one to two windows (30 s each by default), so percentiles follow what the broker
 * does now as Kafka's decaying Yammer sample does. Values are kept with two significant digits
 * (exact below 256, within 1% above). Readers (JMX, the Prometheus endpoint) take the recorder's
 * values under one lock; writers never wait.
 */
public final class WindowedHdrReservoir implements Reservoir {
    static final long DEFAULT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int SIGNIFICANT_DIGITS = 2;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();
    /** The values of the window now filling, as far as readers drained them. Guarded by lock. */
    private Histogram current = new Histogram(SIGNIFICANT_DIGITS);
    /** The values of the window before it. Guarded by lock. */
    private Histogram previous = new Histogram(SIGNIFICANT_DIGITS);
    /** When the current window began. Guarded by lock. */
    private long currentStart;
    /** The recorder's last interval, reused. Guarded by lock. */
    private Histogram drained;

    public WindowedHdrReservoir() {
        this(DEFAULT_WINDOW_NANOS, System::nanoTime);
    }

    WindowedHdrReservoir(long windowNanos, LongSupplier nanoClock) {
        this.windowNanos = windowNanos;
        this.nanoClock = nanoClock;
        this.currentStart = nanoClock.getAsLong();
    }

    @Override
    public void update(long value) {
        recorder.recordValue(Math.max(0L, value));
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, window().getTotalCount());
    }

    @Override
    public Snapshot getSnapshot() {
        return new HdrSnapshot(window());
    }

    /** A copy of the values of the previous and the current window. */
    private Histogram window() {
        synchronized (lock) {
            drained = recorder.getIntervalHistogram(drained);
            current.add(drained);
            long now = nanoClock.getAsLong();
            if (now - currentStart >= windowNanos) {
                // (values recorded while nobody read count in the window of the read that drains them)
                Histogram emptied = previous;
                emptied.reset();
                previous = current;
                current = emptied;
                currentStart = now;
            }
            Histogram both = previous.copy();
            both.add(current);
            return both;
        }
    }

    /** Dropwizard's view of one HdrHistogram copy. */
    static final class HdrSnapshot extends Snapshot {
        /** At most this many values from {@link #getValues} (Dropwizard's default sample size). */
        private static final int MAX_VALUES = 1028;
        private final Histogram values;

        HdrSnapshot(Histogram values) {
            this.values = values;
        }

        @Override
        public double getValue(double quantile) {
            if (quantile < 0.0 || quantile > 1.0 || Double.isNaN(quantile)) {
                throw new IllegalArgumentException(quantile + " is not in [0..1]");
            }
            return values.getTotalCount() == 0 ? 0.0 : values.getValueAtPercentile(quantile * 100.0);
        }

        /** The values in order: all of them when few, else one per equal share of the count. */
        @Override
        public long[] getValues() {
            long count = values.getTotalCount();
            int n = (int) Math.min(count, MAX_VALUES);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = values.getValueAtPercentile((i + 0.5) * 100.0 / n);
            }
            return out;
        }

        @Override
        public int size() {
            return (int) Math.min(Integer.MAX_VALUE, values.getTotalCount());
        }

        @Override
        public long getMax() {
            return values.getTotalCount() == 0 ? 0 : values.getMaxValue();
        }

        @Override
        public double getMean() {
            return values.getTotalCount() == 0 ? 0.0 : values.getMean();
        }

        @Override
        public long getMin() {
            return values.getTotalCount() == 0 ? 0 : values.getMinValue();
        }

        @Override
        public double getStdDev() {
            return values.getTotalCount() == 0 ? 0.0 : values.getStdDeviation();
        }

        @Override
        public void dump(OutputStream output) {
            try (PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(output, StandardCharsets.UTF_8))) {
                for (long v : getValues()) {
                    out.println(v);
                }
            }
        }
    }
}
