package io.gregor.broker.config;

/**
 * A configuration value that cannot be used. The message is one line naming the key and the value,
 * fit to be printed as the broker's only words before it exits.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, Object value, String reason) {
        super("Invalid value " + value + " for configuration " + key + ": " + reason);
        this.key = key;
    }

    public ConfigException(String message) {
        super(message);
        this.key = null;
    }

    private ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** A problem with {@code key}, described by {@code message} (which names the key; for values not to be printed, as passwords). */
    public static ConfigException ofKey(String key, String message) {
        return new ConfigException(key, message);
    }

    /** The offending key, or null when the problem is not about one key. */
    public String key() {
        return key;
    }
}
