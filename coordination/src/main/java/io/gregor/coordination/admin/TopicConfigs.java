package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.admin.TopicConfigKey.BrokerSynonym;
import io.gregor.coordination.admin.TopicConfigKey.Type;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The topic-level configs Gregor accepts, with Kafka's names, defaults and broker synonyms, and the
 * resolution of a topic's effective value: topic override, else the broker's setting, else
 * Kafka's default. Immutable.
 */
public final class TopicConfigs {

    private static final long HOUR_MS = 3_600_000L;
    private static final String MAX_LONG = Long.toString(Long.MAX_VALUE);
    private static final Map<String, TopicConfigKey> KEYS = new LinkedHashMap<>();

    static {
        list("cleanup.policy", "delete", List.of("delete", "compact"), "log.cleanup.policy");
        string("compression.type", "producer",
                List.of("uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"), "compression.type");
        number("delete.retention.ms", Type.LONG, "86400000", 0L, syn("log.cleaner.delete.retention.ms"));
        number("file.delete.delay.ms", Type.LONG, "60000", 0L, syn("log.segment.delete.delay.ms"));
        number("flush.messages", Type.LONG, MAX_LONG, 1L, syn("log.flush.interval.messages"));
        number("flush.ms", Type.LONG, MAX_LONG, 0L, syn("log.flush.interval.ms"));
        list("follower.replication.throttled.replicas", "", List.of());
        number("index.interval.bytes", Type.INT, "4096", 0L, syn("log.index.interval.bytes"));
        list("leader.replication.throttled.replicas", "", List.of());
        number("max.compaction.lag.ms", Type.LONG, MAX_LONG, 1L, syn("log.cleaner.max.compaction.lag.ms"));
        number("max.message.bytes", Type.INT, "1048588", 0L, syn("message.max.bytes"));
        bool("message.downconversion.enable", "true", "log.message.downconversion.enable");
        string(MessageFormatVersion.TOPIC_KEY, MessageFormatVersion.DEFAULT, List.of(), MessageFormatVersion.BROKER_KEY);
        number("message.timestamp.after.max.ms", Type.LONG, MAX_LONG, 0L, syn("log.message.timestamp.after.max.ms"));
        number("message.timestamp.before.max.ms", Type.LONG, MAX_LONG, 0L, syn("log.message.timestamp.before.max.ms"));
        number("message.timestamp.difference.max.ms", Type.LONG, MAX_LONG, 0L,
                syn("log.message.timestamp.difference.max.ms"));
        string("message.timestamp.type", "CreateTime", List.of("CreateTime", "LogAppendTime"),
                "log.message.timestamp.type");
        number("min.cleanable.dirty.ratio", Type.DOUBLE, "0.5", 0L, syn("log.cleaner.min.cleanable.ratio"));
        number("min.compaction.lag.ms", Type.LONG, "0", 0L, syn("log.cleaner.min.compaction.lag.ms"));
        number("min.insync.replicas", Type.INT, "1", 1L, syn("min.insync.replicas"));
        bool("preallocate", "false", "log.preallocate");
        number("retention.bytes", Type.LONG, "-1", null, syn("log.retention.bytes"));
        number("retention.ms", Type.LONG, "604800000", -1L, syn("log.retention.ms"),
                new BrokerSynonym("log.retention.minutes", 60_000L), new BrokerSynonym("log.retention.hours", HOUR_MS));
        number("segment.bytes", Type.INT, "1073741824", 14L, syn("log.segment.bytes"));
        number("segment.index.bytes", Type.INT, "10485760", 4L, syn("log.index.size.max.bytes"));
        number("segment.jitter.ms", Type.LONG, "0", 0L, syn("log.roll.jitter.ms"),
                new BrokerSynonym("log.roll.jitter.hours", HOUR_MS));
        number("segment.ms", Type.LONG, "604800000", 1L, syn("log.roll.ms"), new BrokerSynonym("log.roll.hours", HOUR_MS));
        bool("unclean.leader.election.enable", "false", "unclean.leader.election.enable");
    }

    private TopicConfigs() {
    }

    private static BrokerSynonym syn(String name) {
        return new BrokerSynonym(name, 1);
    }

    private static void put(TopicConfigKey key) {
        KEYS.put(key.name(), key);
    }

    private static void list(String name, String def, List<String> allowed, String... synonyms) {
        put(new TopicConfigKey(name, Type.LIST, def, List.of(synonyms).stream().map(TopicConfigs::syn).toList(), allowed, null));
    }

    private static void string(String name, String def, List<String> allowed, String synonym) {
        put(new TopicConfigKey(name, Type.STRING, def, List.of(syn(synonym)), allowed, null));
    }

    private static void bool(String name, String def, String synonym) {
        put(new TopicConfigKey(name, Type.BOOLEAN, def, List.of(syn(synonym)), List.of(), null));
    }

    private static void number(String name, Type type, String def, Long min, BrokerSynonym... synonyms) {
        put(new TopicConfigKey(name, type, def, List.of(synonyms), List.of(), min));
    }

    /** Every known topic config, in name order. */
    public static Map<String, TopicConfigKey> keys() {
        return Collections.unmodifiableMap(KEYS);
    }

    public static Optional<TopicConfigKey> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /**
     * Checks topic config overrides: every key known and every value valid.
     *
     * @throws AdminException INVALID_CONFIG naming the key
     */
    public static void validate(Map<String, String> overrides) {
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            TopicConfigKey key = KEYS.get(entry.getKey());
            if (key == null) {
                throw new AdminException(Errors.INVALID_CONFIG, "Unknown topic config name: " + entry.getKey());
            }
            String problem = key.validate(entry.getValue());
            if (problem == null && key.name().equals(MessageFormatVersion.TOPIC_KEY)) {
                problem = MessageFormatVersion.problem(entry.getValue()); // deprecated, and ignored as Kafka 3.x does
            }
            if (problem != null) {
                throw new AdminException(Errors.INVALID_CONFIG, "Invalid value " + entry.getValue()
                        + " for configuration " + entry.getKey() + ": " + problem);
            }
        }
    }

    /** Where an effective value comes from, with the code DescribeConfigs reports as config_source. */
    public enum Source {
        TOPIC_CONFIG(1), DYNAMIC_BROKER_CONFIG(2), DYNAMIC_DEFAULT_BROKER_CONFIG(3), STATIC_BROKER_CONFIG(4),
        DEFAULT_CONFIG(5), DYNAMIC_BROKER_LOGGER_CONFIG(6);

        public final byte code;

        Source(int code) {
            this.code = (byte) code;
        }
    }

    /**
     * One candidate value of a config: {@code value} in the topic config's unit (what it makes the
     * effective value), {@code shown} as it was set (what DescribeConfigs reports in {@code synonyms},
     * e.g. {@code log.retention.hours=168}).
     */
    public record Synonym(String name, String value, Source source, String shown) {
        public Synonym(String name, String value, Source source) {
            this(name, value, source, value);
        }
    }

    /** Broker settings at one level of precedence (dynamic per-broker, dynamic cluster default, static). */
    public record BrokerLayer(Map<String, String> values, Source source) {
    }

    /** As {@link #resolve(TopicConfigKey, Map, List)} with the static broker settings as the only layer. */
    public static List<Synonym> resolve(TopicConfigKey key, Map<String, String> topicOverrides,
                                        Map<String, String> brokerConfig) {
        return resolve(key, topicOverrides, List.of(new BrokerLayer(brokerConfig, Source.STATIC_BROKER_CONFIG)));
    }

    /**
     * The candidate values of {@code key}, highest precedence first: the topic override, then for
     * each broker layer in order the settings of its synonyms (converted to the topic's unit), then,
     * unless a layer of broker defaults (source DEFAULT_CONFIG) gave one, Kafka's topic default.
     * The first is the effective value.
     */
    public static List<Synonym> resolve(TopicConfigKey key, Map<String, String> topicOverrides,
                                        List<BrokerLayer> brokerLayers) {
        List<Synonym> result = new ArrayList<>();
        String override = topicOverrides.get(key.name());
        if (override != null) {
            result.add(new Synonym(key.name(), override, Source.TOPIC_CONFIG));
        }
        for (BrokerLayer layer : brokerLayers) {
            for (BrokerSynonym synonym : key.brokerSynonyms()) {
                String value = layer.values().get(synonym.name());
                if (value != null) {
                    result.add(new Synonym(synonym.name(), convert(value, synonym.factor()), layer.source(), value.trim()));
                }
            }
        }
        if (result.stream().anyMatch(s -> s.source() == Source.DEFAULT_CONFIG)) {
            return result;
        }
        String defaultName = key.brokerSynonyms().isEmpty() ? key.name() : key.brokerSynonyms().get(0).name();
        result.add(new Synonym(defaultName, key.defaultValue(), Source.DEFAULT_CONFIG));
        return result;
    }

    private static String convert(String value, long factor) {
        if (factor == 1) {
            return value.trim();
        }
        try {
            return Long.toString(Math.multiplyExact(Long.parseLong(value.trim()), factor));
        } catch (NumberFormatException | ArithmeticException e) {
            return value.trim();
        }
    }

    /** The effective value of a topic config. */
    public static String effectiveValue(String name, Map<String, String> topicOverrides, Map<String, String> brokerConfig) {
        TopicConfigKey key = KEYS.get(name);
        if (key == null) {
            throw new IllegalArgumentException("unknown topic config " + name);
        }
        return resolve(key, topicOverrides, brokerConfig).get(0).value();
    }
}
