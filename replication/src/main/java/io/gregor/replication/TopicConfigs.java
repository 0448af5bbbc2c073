package io.gregor.replication;

import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.TopicZkStore;
import io.gregor.core.log.LogConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A topic's effective settings: the overrides in ZooKeeper's {@code /config/topics/<topic>}
 * merged over the broker's defaults. Keys the log does not use (e.g. {@code cleanup.policy}) are
 * ignored here; {@code min.insync.replicas} is read separately because it governs replication,
 * not the log. Reads ZooKeeper on every call; the {@link ReplicaManager} calls it once per topic of
 * a LeaderAndIsr request and on config changes, never per partition, produce or fetch. Thread safe.
 */
public final class TopicConfigs {
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    private final TopicZkStore store;
    private final Supplier<LogConfig> brokerDefaults;
    private final IntSupplier defaultMinInsyncReplicas;
    /** Told each topic's overrides whenever they are read (e.g. the replication throttles); replaced once at wiring. */
    private volatile BiConsumer<String, Map<String, String>> overridesListener = (topic, overrides) -> { };

    public TopicConfigs(TopicZkStore store, LogConfig brokerDefaults, int defaultMinInsyncReplicas) {
        this(store, () -> brokerDefaults, () -> defaultMinInsyncReplicas);
    }

    /** With broker defaults that may change while running (dynamic broker configs), read at each call. */
    public TopicConfigs(TopicZkStore store, Supplier<LogConfig> brokerDefaults, IntSupplier defaultMinInsyncReplicas) {
        this.store = store;
        this.brokerDefaults = brokerDefaults;
        this.defaultMinInsyncReplicas = defaultMinInsyncReplicas;
    }

    /** The log config of {@code topic}: broker defaults overridden by the topic's log keys. */
    public LogConfig logConfig(String topic) {
        Map<String, String> logKeys = new HashMap<>();
        overrides(topic).forEach((k, v) -> {
            if (LogConfig.KEYS.contains(k)) {
                logKeys.put(k, v);
            }
        });
        return brokerDefaults.get().with(logKeys);
    }

    /** The topic's {@code min.insync.replicas}, else the broker's. */
    public int minInsyncReplicas(String topic) {
        String value = overrides(topic).get(MIN_INSYNC_REPLICAS);
        if (value == null) {
            return defaultMinInsyncReplicas.getAsInt();
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value " + value + " for " + MIN_INSYNC_REPLICAS
                    + " of topic " + topic, e);
        }
    }

    /**
     * Has {@code listener} told a topic's overrides each time they are read: on every LeaderAndIsr
     * naming the topic and on every change of its config, which is when a broker must pick up the
     * topic's replication throttles.
     */
    public void onOverridesRead(BiConsumer<String, Map<String, String>> listener) {
        this.overridesListener = listener;
    }

    private Map<String, String> overrides(String topic) {
        Map<String, String> overrides = store.getTopicConfig(topic).map(EntityConfig::config).orElse(Map.of());
        overridesListener.accept(topic, overrides);
        return overrides;
    }
}
