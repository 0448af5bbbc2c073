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
 * changes, fetcher and cleaner thread counts, ...) are refused as not dynamic (README, deliberate
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
            // request handler threads (Kafka's DynamicThreadPool)
            "num.io.threads",
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

    private static String scalaSet(Set<String> keys) {
        return "Set(" + String.join(", ", List.copyOf(keys)) + ")";
    }
}
