package io.gregor.broker.txn;

/**
 * The transaction coordinator's settings, with Kafka's key names; built once from the broker config.
 *
 * @param stateLogNumPartitions       {@code transaction.state.log.num.partitions}
 * @param stateLogReplicationFactor   {@code transaction.state.log.replication.factor} (capped at the live brokers)
 * @param stateLogMinIsr              {@code transaction.state.log.min.isr} (the topic's {@code min.insync.replicas})
 * @param stateLogSegmentBytes        {@code transaction.state.log.segment.bytes}
 * @param maxTimeoutMs                {@code transaction.max.timeout.ms}: longer producer timeouts are refused
 * @param abortTimedOutIntervalMs     {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}
 * @param transactionalIdExpirationMs {@code transactional.id.expiration.ms}
 * @param removeExpiredIntervalMs     {@code transaction.remove.expired.transaction.cleanup.interval.ms}
 */
public record TransactionConfig(int stateLogNumPartitions, short stateLogReplicationFactor, int stateLogMinIsr,
                                int stateLogSegmentBytes, int maxTimeoutMs, int abortTimedOutIntervalMs,
                                int transactionalIdExpirationMs, int removeExpiredIntervalMs) {

    public TransactionConfig {
        if (stateLogNumPartitions < 1 || stateLogReplicationFactor < 1 || stateLogMinIsr < 1 || stateLogSegmentBytes < 1
                || maxTimeoutMs < 1 || abortTimedOutIntervalMs < 1 || transactionalIdExpirationMs < 1
                || removeExpiredIntervalMs < 1) {
            throw new IllegalArgumentException("transaction settings must be positive: " + this);
        }
    }

    /** Kafka's defaults with the given partition count (for tests). */
    public static TransactionConfig defaults(int stateLogNumPartitions) {
        return new TransactionConfig(stateLogNumPartitions, (short) 3, 2, 100 * 1024 * 1024, 900_000, 10_000,
                604_800_000, 3_600_000);
    }
}
