package io.gregor.replication.producer;

import io.gregor.clients.protocol.Errors;

/**
 * A producer batch refused for its producer state: {@link Errors#OUT_OF_ORDER_SEQUENCE_NUMBER}
 * (a gap, or a new epoch not starting at 0) or {@link Errors#INVALID_PRODUCER_EPOCH} (fenced).
 */
public class ProducerStateException extends RuntimeException {
    private final Errors error;

    public ProducerStateException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public Errors error() {
        return error;
    }
}
