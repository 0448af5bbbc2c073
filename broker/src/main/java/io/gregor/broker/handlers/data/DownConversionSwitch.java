package io.gregor.broker.handlers.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Whether a topic's records may be down-converted for an old consumer (Fetch v0-3): the topic
 * config {@code message.downconversion.enable} where the topic sets it, else the broker's
 * {@code log.message.downconversion.enable} (dynamic). The topics' values are learned whenever
 * their overrides are read from ZooKeeper (each LeaderAndIsr naming the topic, each change of its
 * config), so a fetch never reads ZooKeeper. Thread-safe.
 */
public final class DownConversionSwitch {
    /** Kafka's topic config key. */
    public static final String TOPIC_KEY = "message.downconversion.enable";

    private final Map<String, Boolean> topicValues = new ConcurrentHashMap<>();
    private volatile BooleanSupplier brokerDefault = () -> true;

    /** Where the broker's {@code log.message.downconversion.enable} is read (at each use). */
    public void useBrokerDefault(BooleanSupplier brokerDefault) {
        this.brokerDefault = brokerDefault;
    }

    /** The overrides of {@code topic} as just read from {@code /config/topics/<topic>}. */
    public void updateTopic(String topic, Map<String, String> overrides) {
        String value = overrides.get(TOPIC_KEY);
        if (value == null) {
            topicValues.remove(topic);
        } else {
            topicValues.put(topic, Boolean.parseBoolean(value.trim()));
        }
    }

    public boolean enabled(String topic) {
        Boolean own = topicValues.get(topic);
        return own != null ? own : brokerDefault.getAsBoolean();
    }
}
