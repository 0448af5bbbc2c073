package io.gregor.core.log;

import io.gregor.clients.record.TimestampType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-topic log settings, with Kafka's topic-level key names and defaults. Immutable; parse
 * with {@link #fromMap(Map)}, which rejects unknown values with a message naming the key.
 *
 * @param segmentBytes         {@code segment.bytes}: roll when the active segment would pass this size
 * @param segmentMs            {@code segment.ms}: roll when the active segment's first append is this old
 * @param segmentIndexBytes    {@code segment.index.bytes}: preallocated size of each index file
 * @param indexIntervalBytes   {@code index.interval.bytes}: bytes of batches between index entries
 * @param retentionMs          {@code retention.ms}: delete segments whose largest timestamp is older (-1: never)
 * @param retentionBytes       {@code retention.bytes}: delete oldest segments while the log is larger (-1: never)
 * @param maxMessageBytes      {@code max.message.bytes}: the largest batch accepted
 * @param messageTimestampType {@code message.timestamp.type}: CreateTime or LogAppendTime
 * @param flushMessages        {@code flush.messages}: fsync after this many unflushed offsets
 * @param fileDeleteDelayMs    {@code file.delete.delay.ms}: how long a deleted segment's files stay readable
 * @param cleanupPolicy        {@code cleanup.policy}: {@code delete}, {@code compact} or {@code compact,delete}
 * @param deleteRetentionMs    {@code delete.retention.ms}: how long tombstones survive compaction
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: dirty share of the log that triggers cleaning
 * @param minCompactionLagMs   {@code min.compaction.lag.ms}: records younger than this are not compacted
 * @param maxCompactionLagMs   {@code max.compaction.lag.ms}: dirty records older than this force a clean
 */
public record LogConfig(int segmentBytes, long segmentMs, int segmentIndexBytes, int indexIntervalBytes,
                        long retentionMs, long retentionBytes, int maxMessageBytes,
                        TimestampType messageTimestampType, long flushMessages, long fileDeleteDelayMs,
                        String cleanupPolicy, long deleteRetentionMs, double minCleanableDirtyRatio,
                        long minCompactionLagMs, long maxCompactionLagMs) {
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";

    public static final String POLICY_DELETE = "delete";
    public static final String POLICY_COMPACT = "compact";

    public static final Set<String> KEYS = Set.of(SEGMENT_BYTES, SEGMENT_MS, SEGMENT_INDEX_BYTES,
            INDEX_INTERVAL_BYTES, RETENTION_MS, RETENTION_BYTES, MAX_MESSAGE_BYTES, MESSAGE_TIMESTAMP_TYPE,
            FLUSH_MESSAGES, FILE_DELETE_DELAY_MS, CLEANUP_POLICY, DELETE_RETENTION_MS, MIN_CLEANABLE_DIRTY_RATIO,
            MIN_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS);

    /** Kafka's defaults: 1 GiB segments, 7 days, 10 MiB indexes, 4 KiB interval, 7 days retention. */
    public static final LogConfig DEFAULT = new LogConfig(1024 * 1024 * 1024, 7L * 24 * 60 * 60 * 1000,
            10 * 1024 * 1024, 4096, 7L * 24 * 60 * 60 * 1000, -1L, 1024 * 1024 + 12,
            TimestampType.CREATE_TIME, Long.MAX_VALUE, 60_000L);

    /** A {@code delete}-policy config with Kafka's compaction defaults (the settings before compaction existed). */
    public LogConfig(int segmentBytes, long segmentMs, int segmentIndexBytes, int indexIntervalBytes,
                     long retentionMs, long retentionBytes, int maxMessageBytes,
                     TimestampType messageTimestampType, long flushMessages, long fileDeleteDelayMs) {
        this(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, retentionMs, retentionBytes,
                maxMessageBytes, messageTimestampType, flushMessages, fileDeleteDelayMs, POLICY_DELETE,
                24L * 60 * 60 * 1000, 0.5, 0L, Long.MAX_VALUE);
    }

    public LogConfig {
        check(segmentBytes >= 14, SEGMENT_BYTES, segmentBytes, "at least 14");
        check(segmentMs >= 1, SEGMENT_MS, segmentMs, "at least 1");
        check(segmentIndexBytes >= 4, SEGMENT_INDEX_BYTES, segmentIndexBytes, "at least 4");
        check(indexIntervalBytes >= 0, INDEX_INTERVAL_BYTES, indexIntervalBytes, "at least 0");
        check(retentionMs >= -1, RETENTION_MS, retentionMs, "at least -1");
        check(retentionBytes >= -1, RETENTION_BYTES, retentionBytes, "at least -1");
        check(maxMessageBytes >= 0, MAX_MESSAGE_BYTES, maxMessageBytes, "at least 0");
        check(flushMessages >= 1, FLUSH_MESSAGES, flushMessages, "at least 1");
        check(fileDeleteDelayMs >= 0, FILE_DELETE_DELAY_MS, fileDeleteDelayMs, "at least 0");
        if (messageTimestampType == null) {
            throw new IllegalArgumentException(MESSAGE_TIMESTAMP_TYPE + " must be set");
        }
        cleanupPolicy = normalizePolicy(cleanupPolicy);
        check(deleteRetentionMs >= 0, DELETE_RETENTION_MS, deleteRetentionMs, "at least 0");
        check(minCompactionLagMs >= 0, MIN_COMPACTION_LAG_MS, minCompactionLagMs, "at least 0");
        check(maxCompactionLagMs >= 1, MAX_COMPACTION_LAG_MS, maxCompactionLagMs, "at least 1");
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new IllegalArgumentException("invalid value " + minCleanableDirtyRatio + " for "
                    + MIN_CLEANABLE_DIRTY_RATIO + ": must be between 0 and 1");
        }
    }

    /** True when {@code cleanup.policy} contains {@code compact}: the log cleaner compacts this log. */
    public boolean compact() {
        return cleanupPolicy.contains(POLICY_COMPACT);
    }

    /** True when {@code cleanup.policy} contains {@code delete}: retention by time and size applies. */
    public boolean delete() {
        return cleanupPolicy.contains(POLICY_DELETE);
    }

    private static String normalizePolicy(String policy) {
        if (policy == null) {
            throw new IllegalArgumentException(CLEANUP_POLICY + " must be set");
        }
        boolean compact = false;
        boolean delete = false;
        for (String part : policy.split(",")) {
            switch (part.trim()) {
                case POLICY_COMPACT -> compact = true;
                case POLICY_DELETE -> delete = true;
                default -> throw new IllegalArgumentException("invalid value '" + policy + "' for " + CLEANUP_POLICY
                        + ": must be delete, compact or compact,delete");
            }
        }
        return compact && delete ? POLICY_COMPACT + "," + POLICY_DELETE : compact ? POLICY_COMPACT : POLICY_DELETE;
    }

    private static void check(boolean ok, String key, long value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("invalid value " + value + " for " + key + ": must be " + rule);
        }
    }

    /** {@link #DEFAULT} overridden by the given topic-level keys. */
    public static LogConfig fromMap(Map<String, String> overrides) {
        return DEFAULT.with(overrides);
    }

    /** This config overridden by the given keys; an unknown key or unparsable value is an error naming it. */
    public LogConfig with(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(toMap());
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown log config key " + e.getKey());
            }
            all.put(e.getKey(), e.getValue().trim());
        }
        return new LogConfig(intValue(all, SEGMENT_BYTES), longValue(all, SEGMENT_MS),
                intValue(all, SEGMENT_INDEX_BYTES), intValue(all, INDEX_INTERVAL_BYTES),
                longValue(all, RETENTION_MS), longValue(all, RETENTION_BYTES), intValue(all, MAX_MESSAGE_BYTES),
                timestampType(all.get(MESSAGE_TIMESTAMP_TYPE)), longValue(all, FLUSH_MESSAGES),
                longValue(all, FILE_DELETE_DELAY_MS), all.get(CLEANUP_POLICY), longValue(all, DELETE_RETENTION_MS),
                doubleValue(all, MIN_CLEANABLE_DIRTY_RATIO), longValue(all, MIN_COMPACTION_LAG_MS),
                longValue(all, MAX_COMPACTION_LAG_MS));
    }

    /** The settings under their Kafka key names. */
    public Map<String, String> toMap() {
        Map<String, String> m = new HashMap<>();
        m.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
        m.put(SEGMENT_MS, Long.toString(segmentMs));
        m.put(SEGMENT_INDEX_BYTES, Integer.toString(segmentIndexBytes));
        m.put(INDEX_INTERVAL_BYTES, Integer.toString(indexIntervalBytes));
        m.put(RETENTION_MS, Long.toString(retentionMs));
        m.put(RETENTION_BYTES, Long.toString(retentionBytes));
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(MESSAGE_TIMESTAMP_TYPE, messageTimestampType == TimestampType.CREATE_TIME ? "CreateTime" : "LogAppendTime");
        m.put(FLUSH_MESSAGES, Long.toString(flushMessages));
        m.put(FILE_DELETE_DELAY_MS, Long.toString(fileDeleteDelayMs));
        m.put(CLEANUP_POLICY, cleanupPolicy);
        m.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        m.put(MIN_CLEANABLE_DIRTY_RATIO, Double.toString(minCleanableDirtyRatio));
        m.put(MIN_COMPACTION_LAG_MS, Long.toString(minCompactionLagMs));
        m.put(MAX_COMPACTION_LAG_MS, Long.toString(maxCompactionLagMs));
        return Map.copyOf(m);
    }

    private static double doubleValue(Map<String, String> m, String key) {
        try {
            return Double.parseDouble(m.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + m.get(key) + "' for " + key + ": not a number", e);
        }
    }

    private static int intValue(Map<String, String> m, String key) {
        try {
            return Integer.parseInt(m.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + m.get(key) + "' for " + key + ": not an int", e);
        }
    }

    private static long longValue(Map<String, String> m, String key) {
        try {
            return Long.parseLong(m.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value '" + m.get(key) + "' for " + key + ": not a long", e);
        }
    }

    private static TimestampType timestampType(String value) {
        return switch (value) {
            case "CreateTime" -> TimestampType.CREATE_TIME;
            case "LogAppendTime" -> TimestampType.LOG_APPEND_TIME;
            default -> throw new IllegalArgumentException("invalid value '" + value + "' for " + MESSAGE_TIMESTAMP_TYPE
                    + ": must be CreateTime or LogAppendTime");
        };
    }
}
