package io.gregor.coordination.admin;

import io.gregor.clients.protocol.Errors;

/**
 * A refused admin operation: carries the Kafka error code the client gets and a message naming
 * what was wrong (the topic, the config key, the offending value).
 */
public final class AdminException extends RuntimeException {

    private final Errors error;

    public AdminException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public Errors error() {
        return error;
    }
}
