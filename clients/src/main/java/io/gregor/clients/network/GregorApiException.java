package io.gregor.clients.network;

import io.gregor.clients.protocol.Errors;

/** A Kafka error answered by a broker (or decided by the client), with the error code and context. */
public class GregorApiException extends RuntimeException {
    private final Errors error;

    public GregorApiException(Errors error, String message) {
        super(error.name() + ": " + (message == null || message.isEmpty() ? error.message() : message));
        this.error = error;
    }

    public GregorApiException(Errors error, String message, Throwable cause) {
        this(error, message);
        initCause(cause);
    }

    public Errors error() {
        return error;
    }

    public boolean isRetriable() {
        return error.isRetriable();
    }
}
