package io.gregor.broker.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Snapshot;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowedHdrReservoirTest {
    private static final long WINDOW = TimeUnit.SECONDS.toNanos(30);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final WindowedHdrReservoir reservoir = new WindowedHdrReservoir(WINDOW, now::get);

    @Test
    void percentilesMinMaxAndMeanAreThoseOfTheRecordedMilliseconds() {
        Histogram histogram = new Histogram(reservoir);
        for (int ms = 1; ms <= 100; ms++) {
            histogram.update(ms);
        }
        Snapshot s = histogram.getSnapshot();
        assertEquals(100, histogram.getCount());
        assertEquals(100, s.size());
        assertEquals(50.0, s.getMedian());
        assertEquals(99.0, s.get99thPercentile());
        assertEquals(1, s.getMin());
        assertEquals(100, s.getMax());
        assertEquals(50.5, s.getMean(), 1e-9);
        assertEquals(100, s.getValues().length);
        assertEquals(1, s.getValues()[0]);
    }

    @Test
    void anEmptyReservoirReadsAsZeroes() {
        Snapshot s = reservoir.getSnapshot();
        assertEquals(0, s.size());
        assertEquals(0.0, s.get99thPercentile());
        assertEquals(0, s.getMax());
        assertEquals(0.0, s.getMean());
        assertArrayEquals(new long[0], s.getValues());
    }

    @Test
    void aSpikeLeavesTheSnapshotOneToTwoWindowsAfterItWasRead() {
        reservoir.update(200);
        assertEquals(200, reservoir.getSnapshot().getMax());
        now.addAndGet(WINDOW / 2);
        reservoir.update(3);
        assertEquals(2, reservoir.getSnapshot().size());
        now.addAndGet(WINDOW / 2); // the first window ends: its values become the previous window
        assertEquals(200, reservoir.getSnapshot().getMax(), "one window later the spike still shows");
        now.addAndGet(WINDOW / 2);
        reservoir.update(7);
        now.addAndGet(WINDOW / 2); // the second window ends: only its values remain
        Snapshot later = reservoir.getSnapshot();
        assertEquals(7, later.getMax());
        assertEquals(1, later.size());
        now.addAndGet(WINDOW);
        assertEquals(0, reservoir.getSnapshot().size(), "nothing recorded for a window: nothing left");
    }

    @Test
    void negativeValuesCountAsZeroAndLargeOnesKeepTwoDigits() {
        reservoir.update(-5);
        reservoir.update(10_000_000);
        Snapshot s = reservoir.getSnapshot();
        assertEquals(0, s.getMin());
        assertTrue(Math.abs(s.getMax() - 10_000_000) <= 100_000, "within 1%: " + s.getMax());
        assertThrows(IllegalArgumentException.class, () -> s.getValue(1.5));
    }
}
