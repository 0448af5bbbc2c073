package io.gregor.clients.admin;

import java.util.List;

/**
 * One configuration value of a resource, with where it comes from (Kafka's config sources) and,
 * when asked for, its synonyms in precedence order (the first is where the value comes from).
 */
public record ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive,
                          List<Synonym> synonyms) {

    /** One candidate value of a config: a key (the config's own or a broker synonym), its value and source. */
    public record Synonym(String name, String value, ConfigSource source) {
    }

    public ConfigEntry {
        synonyms = List.copyOf(synonyms);
    }

    public ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive) {
        this(name, value, source, readOnly, sensitive, List.of());
    }

    /** Kafka's DescribeConfigs source codes. */
    public enum ConfigSource {
        UNKNOWN, DYNAMIC_TOPIC_CONFIG, DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG, STATIC_BROKER_CONFIG,
        DEFAULT_CONFIG, DYNAMIC_BROKER_LOGGER_CONFIG, CLIENT_METRICS_CONFIG, GROUP_CONFIG;

        static ConfigSource forCode(int code) {
            return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
        }
    }

    public boolean isDefault() {
        return source == ConfigSource.DEFAULT_CONFIG || source == ConfigSource.STATIC_BROKER_CONFIG;
    }
}
