package io.gregor.faults.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The silences in a series of event times (acknowledgements of a partition, polls that brought
 * records): every interval between consecutive events, the run's start and end counting as
 * events, longer than a floor (shorter ones are the workload's own rhythm and not kept).
 */
final class Gaps {

    /** A silence from {@code startNanos} to {@code endNanos}. */
    record Gap(long startNanos, long endNanos) {
        long millis() {
            return RunClock.millisBetween(startNanos, endNanos);
        }

        boolean overlaps(long fromNanos, long toNanos) {
            return startNanos < toNanos && endNanos > fromNanos;
        }
    }

    private static final long FLOOR_NANOS = 100_000_000L;

    private final List<Gap> gaps;

    private Gaps(List<Gap> gaps) {
        this.gaps = gaps;
    }

    /** The gaps of sorted event times within [runStart, runEnd]. */
    static Gaps of(long[] sortedTimes, long runStartNanos, long runEndNanos) {
        List<Gap> gaps = new ArrayList<>();
        long previous = runStartNanos;
        for (long t : sortedTimes) {
            if (t < runStartNanos || t > runEndNanos) {
                continue;
            }
            if (t - previous > FLOOR_NANOS) {
                gaps.add(new Gap(previous, t));
            }
            previous = t;
        }
        if (runEndNanos - previous > FLOOR_NANOS) {
            gaps.add(new Gap(previous, runEndNanos));
        }
        return new Gaps(gaps);
    }

    /** The longest gap (ms) overlapping [from, to]; 0 if none is longer than the floor. */
    long longestOverlapping(long fromNanos, long toNanos) {
        long longest = 0;
        for (Gap gap : gaps) {
            if (gap.overlaps(fromNanos, toNanos)) {
                longest = Math.max(longest, gap.millis());
            }
        }
        return longest;
    }

    /** The longest gap of the whole run (ms). */
    long longest() {
        return longestOverlapping(Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
