package io.gregor.clients.admin;

/** One configuration value of a resource, with where it comes from (Kafka's config sources). */
public record ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive) {

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
