package io.gregor.replication;

import io.gregor.coordination.zk.EntityConfig;
import io.gregor.coordination.zk.TopicZkStore;
import io.gregor.core.log.LogConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A topic's effective settings: the overrides in ZooKeeper's {@code /config/topics/<topic>}
 * merged over the broker's defaults. Keys the log does not use (e.g. {@code cleanup.policy}) are
 * ignored here; {@code min.insync.replicas} is read separately because it governs replication,
 * not the log. The {@link ReplicaManager} calls it once per topic of a LeaderAndIsr request and on
 * config changes, never per partition, produce or fetch.
 *
 * <p>With {@link #identifyTopicsBy} wired, a topic's overrides are read from ZooKeeper once per topic
 * id and kept until {@link #invalidate} (a config change notification): every slice of a
 * 10,000-partition topic's creation made each broker read them again, twice, and on the controller's
 * broker those reads queued behind the controller's own ZooKeeper writes while the request's threads
 * waited. A topic deleted and created again has a new id, so it is read afresh. Thread safe.
 */
public final class TopicConfigs {
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    private final TopicZkStore store;
    private final Supplier<LogConfig> brokerDefaults;
    private final IntSupplier defaultMinInsyncReplicas;
    /** Told each topic's overrides whenever they are read (e.g. the replication throttles); replaced once at wiring. */
    private volatile BiConsumer<String, Map<String, String>> overridesListener = (topic, overrides) -> { };
    /** A topic's current id, if known; replaced once at wiring. Without it nothing is cached. */
    private volatile Function<String, Optional<UUID>> topicIds = topic -> Optional.empty();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(UUID topicId, Map<String, String> overrides) {
    }

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

    /** Keeps each topic's overrides per topic id, as {@code topicIds} (e.g. the ids LeaderAndIsr named) tells them. */
    public void identifyTopicsBy(Function<String, Optional<UUID>> topicIds) {
        this.topicIds = topicIds;
    }

    /** Forgets what was read of {@code topic}: its config changed. */
    public void invalidate(String topic) {
        cache.remove(topic);
    }

    private Map<String, String> overrides(String topic) {
        UUID id = topicIds.apply(topic).orElse(null);
        Cached cached = id == null ? null : cache.get(topic);
        Map<String, String> overrides;
        if (cached != null && cached.topicId().equals(id)) {
            overrides = cached.overrides();
        } else {
            overrides = Map.copyOf(store.getTopicConfig(topic).map(EntityConfig::config).orElse(Map.of()));
            if (id != null) {
                cache.put(topic, new Cached(id, overrides));
            }
        }
        overridesListener.accept(topic, overrides);
        return overrides;
    }
}
