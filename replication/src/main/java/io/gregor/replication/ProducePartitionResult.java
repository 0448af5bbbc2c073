package io.gregor.replication;

import io.gregor.clients.protocol.Errors;

/**
 * The outcome of a produce to one partition, as the Produce response reports it: the base offset
 * of the appended (or, for a retried duplicate, the originally appended) batch, the log append
 * time (-1 for CreateTime) and the log start offset; -1 for all three on error.
 */
public record ProducePartitionResult(Errors error, long baseOffset, long logAppendTimeMs, long logStartOffset,
                                     String errorMessage) {
    public static ProducePartitionResult error(Errors error, String message) {
        return new ProducePartitionResult(error, -1L, -1L, -1L, message);
    }

    public ProducePartitionResult withError(Errors newError, String message) {
        return new ProducePartitionResult(newError, baseOffset, logAppendTimeMs, logStartOffset, message);
    }
}
