package io.gregor.clients.security;

/** A bad {@code ssl.*} value: names the key, so a broker can stop with one line naming it. */
public final class SslConfigException extends IllegalArgumentException {
    private final String key;

    public SslConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public SslConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The configuration key whose value is wrong. */
    public String key() {
        return key;
    }
}
