package io.gregor.broker.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's configuration as it is now: the static one (file and {@code --override}) under the
 * dynamic cluster default ({@code /config/brokers/<default>}) under this broker's own dynamic
 * configs ({@code /config/brokers/<id>}), in Kafka's order of precedence. {@link #update} takes
 * new dynamic layers (read from ZooKeeper after a change notification); the components registered
 * with {@link #addReconfigurable} are then told the old and the new configuration, and apply what
 * they own. A dynamic value that does not validate is left out with a warning (the rest applies),
 * as Kafka does with a bad value in ZooKeeper. Thread-safe: the layers and the current
 * configuration are one immutable snapshot, replaced under {@code this}.
 */
public final class DynamicBrokerConfig {
    private static final Logger log = LoggerFactory.getLogger(DynamicBrokerConfig.class);

    /** The dynamic layers and the configuration they make, replaced as one. */
    private record Snapshot(Map<String, String> dynamicDefault, Map<String, String> dynamicBroker, BrokerConfig current) {
    }

    private final BrokerConfig staticConfig;
    private volatile Snapshot snapshot; // written under this
    private final List<BiConsumer<BrokerConfig, BrokerConfig>> reconfigurables = new CopyOnWriteArrayList<>();

    public DynamicBrokerConfig(BrokerConfig staticConfig) {
        this.staticConfig = staticConfig;
        this.snapshot = new Snapshot(Map.of(), Map.of(), staticConfig);
    }

    /** The configuration in effect now. */
    public BrokerConfig current() {
        return snapshot.current();
    }

    public BrokerConfig staticConfig() {
        return staticConfig;
    }

    /** The dynamic cluster-default values in effect (invalid or non-dynamic ones left out). */
    public Map<String, String> dynamicDefaultConfigs() {
        return snapshot.dynamicDefault();
    }

    /** This broker's own dynamic values in effect (invalid or non-dynamic ones left out). */
    public Map<String, String> dynamicBrokerConfigs() {
        return snapshot.dynamicBroker();
    }

    /** Told {@code (old, new)} after each change, on the thread that called {@link #update}. */
    public void addReconfigurable(BiConsumer<BrokerConfig, BrokerConfig> reconfigurable) {
        reconfigurables.add(reconfigurable);
    }

    /**
     * Makes {@code dynamicDefault} and {@code dynamicBroker} (the full contents of the two znodes)
     * the dynamic layers, then tells the reconfigurables if the configuration changed.
     */
    public void update(Map<String, String> dynamicDefault, Map<String, String> dynamicBroker) {
        Snapshot before;
        Snapshot after;
        synchronized (this) {
            before = snapshot;
            Map<String, String> defaults = usable(dynamicDefault, Map.of(), "<default>");
            Map<String, String> own = usable(dynamicBroker, defaults, Integer.toString(staticConfig.brokerId()));
            after = new Snapshot(defaults, own, staticConfig.withOverrides(merged(defaults, own)));
            snapshot = after;
        }
        if (before.dynamicDefault().equals(after.dynamicDefault()) && before.dynamicBroker().equals(after.dynamicBroker())) {
            return;
        }
        log.info("Broker {}: dynamic configs now {} (cluster default {})", staticConfig.brokerId(),
                after.dynamicBroker(), after.dynamicDefault());
        for (BiConsumer<BrokerConfig, BrokerConfig> reconfigurable : reconfigurables) {
            try {
                reconfigurable.accept(before.current(), after.current());
            } catch (RuntimeException e) {
                log.error("Broker {}: applying a dynamic config change failed in {}", staticConfig.brokerId(), reconfigurable, e);
            }
        }
    }

    /**
     * The configuration this broker would have with {@code dynamicDefault} / {@code dynamicBroker}
     * as its dynamic layers; for validating a change before it is written. As in Kafka, thread
     * counts are also checked against this broker's current ones
     * ({@link DynamicBrokerKeys#validateThreadCounts}).
     *
     * @throws ConfigException naming the first bad key
     */
    public BrokerConfig validate(Map<String, String> dynamicDefault, Map<String, String> dynamicBroker) {
        BrokerConfig proposed = staticConfig.withOverrides(merged(dynamicDefault, dynamicBroker));
        DynamicBrokerKeys.validateThreadCounts(current(), proposed);
        return proposed;
    }

    private static Map<String, String> merged(Map<String, String> dynamicDefault, Map<String, String> dynamicBroker) {
        Map<String, String> merged = new LinkedHashMap<>(dynamicDefault);
        merged.putAll(dynamicBroker);
        return merged;
    }

    /** The entries of {@code layer} that are dynamic and valid over {@code below}; others logged and dropped. */
    private Map<String, String> usable(Map<String, String> layer, Map<String, String> below, String entity) {
        Map<String, String> result = new TreeMap<>();
        layer.forEach((key, value) -> {
            if (!DynamicBrokerKeys.isDynamic(key)) {
                log.warn("Broker {}: dynamic config {}={} of brokers/{} is not a dynamic key here; ignored",
                        staticConfig.brokerId(), key, value, entity);
                return;
            }
            Map<String, String> trial = new TreeMap<>(result);
            trial.put(key, value);
            try {
                staticConfig.withOverrides(merged(below, trial));
                result.put(key, value);
            } catch (ConfigException e) {
                log.warn("Broker {}: dynamic config of brokers/{} ignored: {}", staticConfig.brokerId(), entity, e.getMessage());
            }
        });
        return Map.copyOf(result);
    }
}
