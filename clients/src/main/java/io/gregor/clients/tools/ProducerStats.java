package io.gregor.clients.tools;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The figures of {@link ProducerPerformance}: every acknowledged send is recorded with its latency
 * and size; a progress line goes out for each reporting window (5 s by default) and a summary with
 * latency percentiles at the end, in the line format of Kafka's {@code kafka-producer-perf-test.sh}.
 * At most {@value #MAX_SAMPLES} latencies are kept (every n-th send for longer runs), so percentiles
 * of very long runs are estimates. Thread safe: sends complete on the producer's sender thread while
 * the main thread prints the summary.
 */
final class ProducerStats {
    static final int MAX_SAMPLES = 500_000;
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintStream out;
    private final long reportingIntervalMs;
    private final long startMs;
    private final int sampleEvery;
    // All fields below are guarded by this.
    private final int[] latencies;
    private int samples;
    private long count;
    private long bytes;
    private long totalLatencyMs;
    private long maxLatencyMs;
    private long windowStartMs;
    private long windowCount;
    private long windowBytes;
    private long windowTotalLatencyMs;
    private long windowMaxLatencyMs;

    ProducerStats(long numRecords, long reportingIntervalMs, PrintStream out) {
        this.out = out;
        this.reportingIntervalMs = reportingIntervalMs;
        this.startMs = System.currentTimeMillis();
        this.windowStartMs = startMs;
        this.sampleEvery = (int) Math.max(1, numRecords / MAX_SAMPLES);
        this.latencies = new int[(int) Math.min(MAX_SAMPLES + 1L, numRecords / sampleEvery + 1)];
    }

    /** Records the acknowledgement of send number {@code sequence} (0-based). */
    synchronized void record(long sequence, long latencyMs, int size, long nowMs) {
        count++;
        bytes += size;
        totalLatencyMs += latencyMs;
        maxLatencyMs = Math.max(maxLatencyMs, latencyMs);
        windowCount++;
        windowBytes += size;
        windowTotalLatencyMs += latencyMs;
        windowMaxLatencyMs = Math.max(windowMaxLatencyMs, latencyMs);
        if (sequence % sampleEvery == 0 && samples < latencies.length) {
            latencies[samples++] = (int) Math.min(Integer.MAX_VALUE, latencyMs);
        }
        if (nowMs - windowStartMs >= reportingIntervalMs) {
            printWindow(nowMs);
            windowStartMs = nowMs;
            windowCount = 0;
            windowBytes = 0;
            windowTotalLatencyMs = 0;
            windowMaxLatencyMs = 0;
        }
    }

    private void printWindow(long nowMs) {
        double seconds = Math.max(1, nowMs - windowStartMs) / 1000.0;
        out.printf("%d records sent, %.1f records/sec (%.2f MB/sec), %.1f ms avg latency, %.1f ms max latency.%n",
                windowCount, windowCount / seconds, windowBytes / MIB / seconds,
                windowCount == 0 ? 0.0 : (double) windowTotalLatencyMs / windowCount, (double) windowMaxLatencyMs);
        out.flush();
    }

    synchronized long count() {
        return count;
    }

    /** Prints the summary line over everything recorded since construction. */
    synchronized void printTotal(long nowMs) {
        double seconds = Math.max(1, nowMs - startMs) / 1000.0;
        int[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        out.printf("%d records sent, %f records/sec (%.2f MB/sec), %.2f ms avg latency, %.2f ms max latency, "
                        + "%d ms 50th, %d ms 95th, %d ms 99th, %d ms 99.9th.%n",
                count, count / seconds, bytes / MIB / seconds, count == 0 ? 0.0 : (double) totalLatencyMs / count,
                (double) maxLatencyMs, percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99),
                percentile(sorted, 0.999));
        out.flush();
    }

    /** The value below which {@code fraction} of the sorted samples lie (nearest rank); 0 when empty. */
    static int percentile(int[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
}
