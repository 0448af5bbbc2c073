package io.gregor.broker.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which broker keys may change without a restart ({@code /config/brokers/<id>} and
 * {@code /config/brokers/<default>}), and the checks Kafka's {@code DynamicBrokerConfig} makes on a
 * change, with its messages. The set is Kafka 3.9's dynamic set, restricted to what Gregor applies
 * while running; Kafka's other dynamic keys that Gregor has but applies only at start (listener
 * changes, {@code producer.id.expiration.ms}) are refused as not dynamic (README, deliberate
 * differences). Immutable.
 */
public final class DynamicBrokerKeys {

    /** Keys that take effect on every broker without a restart, per broker or as the cluster default. */
    public static final Set<String> DYNAMIC = Set.of(
            // the log defaults of topics without their own value (Kafka's DynamicLogConfig)
            "log.segment.bytes", "log.roll.ms", "log.roll.hours", "log.index.size.max.bytes",
            "log.index.interval.bytes", "log.flush.interval.messages", "log.retention.bytes", "log.retention.ms",
            "log.retention.minutes", "log.retention.hours", "log.segment.delete.delay.ms", "log.cleanup.policy",
            "log.cleaner.delete.retention.ms", "log.cleaner.min.compaction.lag.ms",
            "log.cleaner.max.compaction.lag.ms", "log.cleaner.min.cleanable.ratio", "log.message.timestamp.type",
            "message.max.bytes", "min.insync.replicas", "compression.type", "log.message.format.version",
            // read by the controller from ZooKeeper when only an unclean election is left
            "unclean.leader.election.enable",
            // thread pools (Kafka's DynamicThreadPool, and the socket server's num.network.threads)
            "num.io.threads", "num.network.threads", "num.replica.fetchers", "num.recovery.threads.per.data.dir",
            "background.threads",
            // the log cleaner (Kafka's LogCleaner.ReconfigurableConfigs; log.cleaner.enable stays static)
            "log.cleaner.threads", "log.cleaner.backoff.ms", "log.cleaner.io.max.bytes.per.second",
            "log.cleaner.dedupe.buffer.size", "log.cleaner.io.buffer.load.factor",
            // the default of the topic config message.downconversion.enable
            "log.message.downconversion.enable",
            // connection limits (Kafka's SocketServer reconfigurables)
            "max.connections", "max.connections.per.ip", "max.connections.per.ip.overrides",
            // replication throttles (Kafka's DynamicConfig.Broker), enforced by the replica fetchers and leaders
            "leader.replication.throttled.rate", "follower.replication.throttled.rate",
            "replica.alter.log.dirs.io.max.bytes.per.second");

    /** Kafka's per-broker-only keys (listener configs): never a cluster default. */
    private static final Set<String> PER_BROKER = Set.of("listeners", "advertised.listeners",
            "listener.security.protocol.map");

    private DynamicBrokerKeys() {
    }

    public static boolean isDynamic(String key) {
        return DYNAMIC.contains(key);
    }

    /**
     * Checks the keys of a dynamic change, as Kafka's {@code DynamicBrokerConfig.validateConfigs}:
     * every key must be dynamic, and a cluster default ({@code perBroker} false) may not set a
     * per-broker key.
     *
     * @throws ConfigException with Kafka's message, e.g. "Cannot update these configs dynamically: Set(listeners)"
     */
    public static void validateKeys(Map<String, String> changes, boolean perBroker) {
        Set<String> nonDynamic = new TreeSet<>(changes.keySet());
        nonDynamic.removeAll(DYNAMIC);
        if (!perBroker) {
            Set<String> perBrokerOnly = new TreeSet<>(changes.keySet());
            perBrokerOnly.retainAll(PER_BROKER);
            if (!perBrokerOnly.isEmpty()) {
                throw new ConfigException("Cannot update these configs at default cluster level, broker id must be specified: "
                        + scalaSet(perBrokerOnly));
            }
        }
        if (!nonDynamic.isEmpty()) {
            throw new ConfigException("Cannot update these configs dynamically: " + scalaSet(nonDynamic));
        }
    }

    /** The thread counts Kafka checks with its DynamicThreadPool rule, and how to read them. */
    private static final Map<String, java.util.function.ToIntFunction<BrokerConfig>> THREAD_COUNTS = Map.of(
            "num.io.threads", BrokerConfig::numIoThreads,
            "num.network.threads", BrokerConfig::numNetworkThreads,
            "num.replica.fetchers", BrokerConfig::numReplicaFetchers,
            "num.recovery.threads.per.data.dir", BrokerConfig::numRecoveryThreadsPerDataDir,
            "background.threads", BrokerConfig::backgroundThreads);

    /**
     * Checks that no thread count changes too far at once, as Kafka's {@code DynamicThreadPool} (and
     * its socket server for {@code num.network.threads}, its LogCleaner for {@code log.cleaner.threads})
     * do: a new value must be at least 1, at least half and at most double the current one.
     *
     * @throws ConfigException with Kafka's message, e.g. "Dynamic thread count update validation failed
     *                         for num.io.threads=20, value should not be greater than double the current value 8"
     */
    public static void validateThreadCounts(BrokerConfig current, BrokerConfig proposed) {
        for (String key : new TreeSet<>(THREAD_COUNTS.keySet())) {
            int oldValue = THREAD_COUNTS.get(key).applyAsInt(current);
            int newValue = THREAD_COUNTS.get(key).applyAsInt(proposed);
            if (newValue != oldValue) {
                String errorMsg = "Dynamic thread count update validation failed for " + key + "=" + newValue;
                if (newValue <= 0) {
                    throw new ConfigException(errorMsg + ", value should be at least 1");
                }
                if (newValue < oldValue / 2) {
                    throw new ConfigException(errorMsg + ", value should be at least half the current value " + oldValue);
                }
                if (newValue > oldValue * 2) {
                    throw new ConfigException(errorMsg + ", value should not be greater than double the current value "
                            + oldValue);
                }
            }
        }
        int cleanerNow = current.cleanerConfig().threads();
        int cleanerNext = proposed.cleanerConfig().threads();
        if (cleanerNext < 1) {
            throw new ConfigException("Log cleaner threads should be at least 1");
        }
        if (cleanerNext < cleanerNow / 2) {
            throw new ConfigException("Log cleaner threads cannot be reduced to less than half the current value " + cleanerNow);
        }
        if (cleanerNext > cleanerNow * 2) {
            throw new ConfigException("Log cleaner threads cannot be increased to more than double the current value "
                    + cleanerNow);
        }
    }

    private static String scalaSet(Set<String> keys) {
        return "Set(" + String.join(", ", List.copyOf(keys)) + ")";
    }
}
