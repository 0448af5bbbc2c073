package io.gregor.broker.network;

/**
 * A handler's answer "close this connection": the server closes it with one log line carrying
 * this exception's message (which should name the client and why), instead of an error response.
 * For requests that cannot be answered well at all yet, e.g. client requests held while the
 * broker starts, past their bound: a disconnect is what every client treats as retriable.
 */
public final class CloseConnectionException extends RuntimeException {

    public CloseConnectionException(String message) {
        super(message, null, false, false);
    }
}
