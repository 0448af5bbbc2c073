package io.gregor.clients.producer;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a transactional producer, as Kafka's producer names them, and which moves between
 * them are legal. A fatal error is final; an abortable error leaves only {@code abortTransaction}.
 */
enum TransactionState {
    UNINITIALIZED,
    INITIALIZING,
    READY,
    IN_TRANSACTION,
    COMMITTING_TRANSACTION,
    ABORTING_TRANSACTION,
    ABORTABLE_ERROR,
    FATAL_ERROR;

    /** The states from which this one may be entered. */
    private Set<TransactionState> sources() {
        return switch (this) {
            case UNINITIALIZED -> EnumSet.noneOf(TransactionState.class);
            // from ABORTING_TRANSACTION: the epoch bump after aborting a transaction whose sequences broke (KIP-360)
            case INITIALIZING -> EnumSet.of(UNINITIALIZED, ABORTING_TRANSACTION);
            case READY -> EnumSet.of(INITIALIZING, COMMITTING_TRANSACTION, ABORTING_TRANSACTION);
            case IN_TRANSACTION -> EnumSet.of(READY);
            case COMMITTING_TRANSACTION -> EnumSet.of(IN_TRANSACTION);
            case ABORTING_TRANSACTION -> EnumSet.of(IN_TRANSACTION, ABORTABLE_ERROR);
            case ABORTABLE_ERROR -> EnumSet.of(IN_TRANSACTION, COMMITTING_TRANSACTION, ABORTABLE_ERROR, INITIALIZING);
            case FATAL_ERROR -> EnumSet.allOf(TransactionState.class);
        };
    }

    boolean canTransitionTo(TransactionState target) {
        return target.sources().contains(this);
    }
}
