package io.gregor.core.cleaner;

/**
 * The log cleaner's broker-level settings, with the Kafka keys they come from (Kafka's defaults in
 * {@link #DEFAULT}). All of them may change while the broker runs: the cleaner is then restarted
 * with the new ones ({@link LogCleaner#reconfigure}).
 *
 * @param threads                {@code log.cleaner.threads} (default 1)
 * @param backoffMs              {@code log.cleaner.backoff.ms} (default 15000): pause when nothing is cleanable
 * @param ioMaxBytesPerSecond    {@code log.cleaner.io.max.bytes.per.second} (default Double.MAX_VALUE):
 *                               the cleaner's reads and writes together, on average, across all its threads
 * @param dedupeBufferSize       {@code log.cleaner.dedupe.buffer.size} (default 128 MiB), shared by the
 *                               threads; bounds the keys one pass maps (see {@link #maxMapEntriesPerThread()})
 * @param dedupeBufferLoadFactor {@code log.cleaner.io.buffer.load.factor} (default 0.9): how full that
 *                               buffer may become
 */
public record CleanerConfig(int threads, long backoffMs, double ioMaxBytesPerSecond, long dedupeBufferSize,
                            double dedupeBufferLoadFactor) {
    /**
     * The bytes Kafka's offset map spends on one key (a 16-byte MD5 of the key and an 8-byte
     * offset); Gregor counts its map in the same units, so a pass holds as many keys as Kafka's.
     */
    public static final int BYTES_PER_ENTRY = 24;

    public static final CleanerConfig DEFAULT = new CleanerConfig(1, 15_000L, Double.MAX_VALUE, 128L * 1024 * 1024, 0.9d);

    public CleanerConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("invalid value " + threads + " for log.cleaner.threads: must be at least 1");
        }
        if (backoffMs < 1) {
            throw new IllegalArgumentException("invalid value " + backoffMs + " for log.cleaner.backoff.ms: must be at least 1");
        }
        if (!(ioMaxBytesPerSecond > 0)) {
            throw new IllegalArgumentException("invalid value " + ioMaxBytesPerSecond
                    + " for log.cleaner.io.max.bytes.per.second: must be above 0");
        }
        if (!(dedupeBufferLoadFactor > 0 && dedupeBufferLoadFactor <= 1)) {
            throw new IllegalArgumentException("invalid value " + dedupeBufferLoadFactor
                    + " for log.cleaner.io.buffer.load.factor: must be above 0 and at most 1");
        }
        if (maxMapEntries(threads, dedupeBufferSize, dedupeBufferLoadFactor) < 1) {
            // Kafka refuses the same: the offset map could not hold a single key
            throw new IllegalArgumentException("invalid value " + dedupeBufferSize + " for log.cleaner.dedupe.buffer.size: "
                    + "the offset map of each of the " + threads + " cleaner threads could not hold a single key; "
                    + "increase log.cleaner.dedupe.buffer.size or decrease log.cleaner.threads");
        }
    }

    /** This config with another thread count and backoff (the other settings kept). */
    public CleanerConfig withThreads(int newThreads, long newBackoffMs) {
        return new CleanerConfig(newThreads, newBackoffMs, ioMaxBytesPerSecond, dedupeBufferSize, dedupeBufferLoadFactor);
    }

    /**
     * How many keys one cleaning pass of one thread maps: as Kafka, each thread gets an equal share
     * of the dedupe buffer (at most 2 GiB), filled up to the load factor.
     */
    public int maxMapEntriesPerThread() {
        return maxMapEntries(threads, dedupeBufferSize, dedupeBufferLoadFactor);
    }

    private static int maxMapEntries(int threads, long bufferSize, double loadFactor) {
        long perThread = Math.min(bufferSize / threads, Integer.MAX_VALUE);
        return (int) ((perThread / BYTES_PER_ENTRY) * loadFactor);
    }
}
