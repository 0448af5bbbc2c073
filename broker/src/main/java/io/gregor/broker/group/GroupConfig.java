package io.gregor.broker.group;

/**
 * The group coordinator's settings, with Kafka's key names; built once from the broker config.
 *
 * @param offsetsTopicPartitions          {@code offsets.topic.num.partitions}
 * @param offsetsTopicReplicationFactor   {@code offsets.topic.replication.factor} (capped at the live brokers)
 * @param offsetsTopicSegmentBytes        {@code offsets.topic.segment.bytes}
 * @param initialRebalanceDelayMs         {@code group.initial.rebalance.delay.ms}
 * @param minSessionTimeoutMs             {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs             {@code group.max.session.timeout.ms}
 * @param maxSize                         {@code group.max.size}
 * @param offsetsRetentionMs              {@code offsets.retention.minutes} in ms
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}
 */
public record GroupConfig(int offsetsTopicPartitions, short offsetsTopicReplicationFactor, int offsetsTopicSegmentBytes,
                          int initialRebalanceDelayMs,
                          int minSessionTimeoutMs, int maxSessionTimeoutMs, int maxSize, long offsetsRetentionMs,
                          long offsetsRetentionCheckIntervalMs) {

    public GroupConfig {
        if (minSessionTimeoutMs > maxSessionTimeoutMs) {
            throw new IllegalArgumentException("group.min.session.timeout.ms (" + minSessionTimeoutMs
                    + ") must not exceed group.max.session.timeout.ms (" + maxSessionTimeoutMs + ")");
        }
        if (maxSize < 1 || offsetsRetentionMs < 1 || offsetsRetentionCheckIntervalMs < 1 || offsetsTopicPartitions < 1) {
            throw new IllegalArgumentException("group.max.size, offsets.retention.* and offsets.topic.num.partitions "
                    + "must be positive: " + this);
        }
    }

    /** Kafka's defaults with the given offsets partition count and initial delay (for tests). */
    public static GroupConfig defaults(int offsetsTopicPartitions, int initialRebalanceDelayMs) {
        return new GroupConfig(offsetsTopicPartitions, (short) 3, 100 * 1024 * 1024, initialRebalanceDelayMs, 6000, 1_800_000,
                Integer.MAX_VALUE, 10080L * 60_000L, 600_000L);
    }
}
