package io.gregor.clients.consumer;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.protocol.Errors;

/**
 * A commit the group refused because this member is no longer part of the generation that owns the
 * partitions (a rebalance happened, or the member was removed), as Kafka's exception of that name:
 * the records may be redelivered to the new owner. {@link #error()} names the coordinator's answer.
 */
public final class CommitFailedException extends GregorApiException {
    public CommitFailedException(Errors error, String message) {
        super(error, message);
    }
}
