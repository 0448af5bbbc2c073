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

    /** The offending key, or null when the problem is not about one key. */
    public String key() {
        return key;
    }
}
