package io.gregor.clients.consumer;

import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.ConfigValues;
import java.util.Locale;

/**
 * The consumer's settings with Kafka's names and defaults: {@code fetch.min.bytes} (1),
 * {@code fetch.max.wait.ms} (500), {@code max.partition.fetch.bytes} (1048576),
 * {@code fetch.max.bytes} (52428800), {@code max.poll.records} (500), {@code auto.offset.reset}
 * (latest), {@code check.crcs} (true), {@code isolation.level} (read_uncommitted), plus the common
 * ones, and the group settings of {@link GroupConfig}.
 */
public record ConsumerConfig(CommonClientConfig common, int fetchMinBytes, int fetchMaxWaitMs, int maxPartitionFetchBytes,
                             int fetchMaxBytes, int maxPollRecords, OffsetResetStrategy autoOffsetReset,
                             boolean checkCrcs, byte isolationLevel, GroupConfig group) {
    /** The {@code isolation_level} byte of Fetch and ListOffsets for {@code read_uncommitted}. */
    public static final byte READ_UNCOMMITTED = 0;
    /** The {@code isolation_level} byte of Fetch and ListOffsets for {@code read_committed}. */
    public static final byte READ_COMMITTED = 1;

    public static ConsumerConfig from(ConfigValues c) {
        CommonClientConfig common = CommonClientConfig.from(c, "gregor-consumer");
        String reset = c.getChoice("auto.offset.reset", "latest", "earliest", "latest", "none");
        String isolation = c.getChoice("isolation.level", "read_uncommitted", "read_uncommitted", "read_committed");
        int maxPollRecords = c.getInt("max.poll.records", 500);
        if (maxPollRecords < 1) {
            throw new IllegalArgumentException("config max.poll.records=" + maxPollRecords + " must be >= 1");
        }
        return new ConsumerConfig(common, c.getInt("fetch.min.bytes", 1), c.getInt("fetch.max.wait.ms", 500),
                c.getInt("max.partition.fetch.bytes", 1048576), c.getInt("fetch.max.bytes", 52428800), maxPollRecords,
                OffsetResetStrategy.valueOf(reset.toUpperCase(Locale.ROOT)), c.getBoolean("check.crcs", true),
                isolation.equals("read_committed") ? READ_COMMITTED : READ_UNCOMMITTED, GroupConfig.from(c));
    }
}
