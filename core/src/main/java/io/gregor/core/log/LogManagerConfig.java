package io.gregor.core.log;

import io.gregor.core.cleaner.CleanerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The broker-level settings of the {@link LogManager}, with the Kafka keys they come from.
 *
 * @param logDirs                  {@code log.dirs}: the data directories
 * @param brokerId                 {@code broker.id}, checked against each dir's meta.properties
 * @param clusterId                the cluster id from ZooKeeper, or null when not yet known (not checked)
 * @param defaultLogConfig         the topic-level defaults ({@code log.segment.bytes} etc.)
 * @param recoveryThreadsPerDataDir {@code num.recovery.threads.per.data.dir} (default 1)
 * @param checkpointIntervalMs     {@code log.flush.offset.checkpoint.interval.ms} (default 60000): recovery
 *                                 points, log start offsets and high watermarks are written this often
 * @param retentionCheckIntervalMs {@code log.retention.check.interval.ms} (default 300000)
 * @param cleanerEnable            {@code log.cleaner.enable} (default true): run the log cleaner for compacted logs
 * @param cleaner                  the cleaner's {@code log.cleaner.*} settings (threads, backoff, I/O rate, dedupe buffer)
 */
public record LogManagerConfig(List<Path> logDirs, int brokerId, String clusterId, LogConfig defaultLogConfig,
                               int recoveryThreadsPerDataDir, long checkpointIntervalMs,
                               long retentionCheckIntervalMs, boolean cleanerEnable, CleanerConfig cleaner) {
    /** With Kafka's defaults for the cleaner settings other than its threads and backoff. */
    public LogManagerConfig(List<Path> logDirs, int brokerId, String clusterId, LogConfig defaultLogConfig,
                            int recoveryThreadsPerDataDir, long checkpointIntervalMs, long retentionCheckIntervalMs,
                            boolean cleanerEnable, int cleanerThreads, long cleanerBackoffMs) {
        this(logDirs, brokerId, clusterId, defaultLogConfig, recoveryThreadsPerDataDir, checkpointIntervalMs,
                retentionCheckIntervalMs, cleanerEnable, CleanerConfig.DEFAULT.withThreads(cleanerThreads, cleanerBackoffMs));
    }

    /** With Kafka's log cleaner defaults (enabled, 1 thread, 15 s backoff). */
    public LogManagerConfig(List<Path> logDirs, int brokerId, String clusterId, LogConfig defaultLogConfig,
                            int recoveryThreadsPerDataDir, long checkpointIntervalMs, long retentionCheckIntervalMs) {
        this(logDirs, brokerId, clusterId, defaultLogConfig, recoveryThreadsPerDataDir, checkpointIntervalMs,
                retentionCheckIntervalMs, true, CleanerConfig.DEFAULT);
    }

    public LogManagerConfig {
        logDirs = List.copyOf(logDirs);
        if (logDirs.isEmpty()) {
            throw new IllegalArgumentException("log.dirs must name at least one directory");
        }
        if (brokerId < 0) {
            throw new IllegalArgumentException("invalid value " + brokerId + " for broker.id: must be at least 0");
        }
        if (recoveryThreadsPerDataDir < 1) {
            throw new IllegalArgumentException("invalid value " + recoveryThreadsPerDataDir
                    + " for num.recovery.threads.per.data.dir: must be at least 1");
        }
        if (checkpointIntervalMs < 1) {
            throw new IllegalArgumentException("invalid value " + checkpointIntervalMs
                    + " for log.flush.offset.checkpoint.interval.ms: must be at least 1");
        }
        if (retentionCheckIntervalMs < 1) {
            throw new IllegalArgumentException("invalid value " + retentionCheckIntervalMs
                    + " for log.retention.check.interval.ms: must be at least 1");
        }
        java.util.Objects.requireNonNull(cleaner, "cleaner");
    }

    /** {@code log.cleaner.threads}. */
    public int cleanerThreads() {
        return cleaner.threads();
    }

    /** {@code log.cleaner.backoff.ms}. */
    public long cleanerBackoffMs() {
        return cleaner.backoffMs();
    }

    /** Kafka's defaults for everything but the dirs and ids. */
    public static LogManagerConfig defaults(List<Path> logDirs, int brokerId, String clusterId) {
        return new LogManagerConfig(logDirs, brokerId, clusterId, LogConfig.DEFAULT, 1, 60_000L, 300_000L);
    }
}
