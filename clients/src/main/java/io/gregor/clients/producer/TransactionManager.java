package io.gregor.clients.producer;

import io.gregor.clients.consumer.ConsumerGroupMetadata;
import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.RecordBatch;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional state of one producer ({@code transactional.id}), as Kafka's producer keeps it:
 * the application's calls ({@link #initializeTransactions}, {@link #beginTransaction},
 * {@link #maybeAddPartition}, {@link #sendOffsetsToTransaction}, {@link #beginCommit},
 * {@link #beginAbort}) move the {@link TransactionState} and queue work; the sender thread asks
 * {@link #nextStep} which request to send (FindCoordinator, InitProducerId, AddPartitionsToTxn,
 * AddOffsetsToTxn, TxnOffsetCommit, EndTxn) and reports each answer through an {@code on...} method.
 * Errors split as in Kafka: PRODUCER_FENCED (and INVALID_PRODUCER_EPOCH answered by the coordinator),
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED and protocol surprises are fatal (the producer can only be
 * closed); a failed batch, a refused topic or group, TRANSACTION_ABORTABLE or a fenced consumer
 * generation is abortable (only abortTransaction is allowed, and it bumps the epoch when the
 * broker's sequences may be out of line); coordinator moves and CONCURRENT_TRANSACTIONS are retried
 * after {@code retry.backoff.ms}.
 * Thread safe: every field is guarded by {@code this}.
 */
final class TransactionManager {
    private static final Logger log = LoggerFactory.getLogger(TransactionManager.class);

    /** The offsets step of sendOffsetsToTransaction: AddOffsetsToTxn first, then TxnOffsetCommit. */
    private static final class PendingOffsets {
        final ConsumerGroupMetadata group;
        final Map<TopicPartition, OffsetAndMetadata> offsets;
        final CompletableFuture<Void> result = new CompletableFuture<>();
        boolean addedToTransaction;

        PendingOffsets(ConsumerGroupMetadata group, Map<TopicPartition, OffsetAndMetadata> offsets) {
            this.group = group;
            this.offsets = new LinkedHashMap<>(offsets);
        }
    }

    private final String transactionalId;
    private final int transactionTimeoutMs;
    private final long retryBackoffMs;

    private TransactionState state = TransactionState.UNINITIALIZED;
    private RuntimeException lastError;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private Node transactionCoordinator;
    private Node groupCoordinator;
    private String groupCoordinatorFor;
    /** Partitions the coordinator has in the current transaction: batches to them may be sent. */
    private final Set<TopicPartition> partitionsInTransaction = new LinkedHashSet<>();
    /** Partitions written to but not yet added with AddPartitionsToTxn. */
    private final Set<TopicPartition> newPartitions = new LinkedHashSet<>();
    private PendingOffsets pendingOffsets;
    private boolean offsetsAddedInTransaction;
    private CompletableFuture<Void> initResult;
    private CompletableFuture<Void> endResult;
    /** A sent batch failed, so the broker's sequence may not match ours: abort then bumps the epoch. */
    private boolean epochBumpRequired;
    /** No request before this time (backoff after a retriable error). */
    private long retryAtMs;

    TransactionManager(String transactionalId, int transactionTimeoutMs, long retryBackoffMs) {
        this.transactionalId = transactionalId;
        this.transactionTimeoutMs = transactionTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
    }

    String transactionalId() {
        return transactionalId;
    }

    synchronized TransactionState state() {
        return state;
    }

    synchronized long producerId() {
        return producerId;
    }

    synchronized short producerEpoch() {
        return producerEpoch;
    }

    synchronized boolean hasProducerId() {
        return producerId != RecordBatch.NO_PRODUCER_ID;
    }

    synchronized RuntimeException lastError() {
        return lastError;
    }

    // ---- the application's side --------------------------------------------------------------

    /** Starts InitProducerId; a second call while the first has not finished returns the same result. */
    synchronized CompletableFuture<Void> initializeTransactions() {
        throwIfFatal();
        if (state == TransactionState.INITIALIZING && initResult != null) {
            return initResult;
        }
        if (state != TransactionState.UNINITIALIZED) {
            throw new IllegalStateException("initTransactions was already called (transactional id " + transactionalId
                    + " is " + state + ")");
        }
        transitionTo(TransactionState.INITIALIZING);
        initResult = new CompletableFuture<>();
        return initResult;
    }

    synchronized void beginTransaction() {
        throwIfFatal();
        throwIfAbortable("begin a transaction");
        if (state != TransactionState.READY) {
            throw new IllegalStateException(state == TransactionState.UNINITIALIZED
                    ? "call initTransactions before beginTransaction"
                    : "cannot begin a transaction in state " + state);
        }
        transitionTo(TransactionState.IN_TRANSACTION);
    }

    /** Called by send: the partition joins the transaction before its first batch goes out. */
    synchronized void maybeAddPartition(TopicPartition tp) {
        if (state == TransactionState.FATAL_ERROR || state == TransactionState.ABORTABLE_ERROR) {
            throw new GregorApiException(errorOf(lastError), "cannot send: an earlier transactional request or batch "
                    + "failed (" + lastError.getMessage() + ")", lastError);
        }
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            throw new IllegalStateException("cannot send before initTransactions completed when transactions are enabled");
        }
        if (state != TransactionState.IN_TRANSACTION) {
            throw new IllegalStateException("cannot send in state " + state + " (call beginTransaction first)");
        }
        if (!partitionsInTransaction.contains(tp)) {
            newPartitions.add(tp);
        }
    }

    synchronized CompletableFuture<Void> sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                                  ConsumerGroupMetadata group) {
        throwIfFatal();
        throwIfAbortable("send offsets to the transaction");
        if (state != TransactionState.IN_TRANSACTION) {
            throw new IllegalStateException("cannot send offsets in state " + state + " (call beginTransaction first)");
        }
        if (pendingOffsets != null) {
            throw new IllegalStateException("an earlier sendOffsetsToTransaction has not completed yet");
        }
        pendingOffsets = new PendingOffsets(group, offsets);
        if (offsets.isEmpty()) {
            pendingOffsets.result.complete(null);
            pendingOffsets = null;
            return CompletableFuture.completedFuture(null);
        }
        return pendingOffsets.result;
    }

    synchronized CompletableFuture<Void> beginCommit() {
        throwIfFatal();
        if (state == TransactionState.COMMITTING_TRANSACTION && endResult != null) {
            return endResult;
        }
        throwIfAbortable("commit the transaction");
        if (state != TransactionState.IN_TRANSACTION) {
            throw new IllegalStateException("cannot commit in state " + state);
        }
        transitionTo(TransactionState.COMMITTING_TRANSACTION);
        endResult = new CompletableFuture<>();
        return endResult;
    }

    synchronized CompletableFuture<Void> beginAbort() {
        throwIfFatal();
        if (state == TransactionState.ABORTING_TRANSACTION && endResult != null) {
            return endResult;
        }
        if (state != TransactionState.IN_TRANSACTION && state != TransactionState.ABORTABLE_ERROR) {
            throw new IllegalStateException("cannot abort in state " + state);
        }
        transitionTo(TransactionState.ABORTING_TRANSACTION);
        newPartitions.clear();
        if (pendingOffsets != null) {
            pendingOffsets.result.completeExceptionally(new GregorApiException(Errors.TRANSACTION_ABORTABLE,
                    "the transaction was aborted before its offsets were committed"));
            pendingOffsets = null;
        }
        endResult = new CompletableFuture<>();
        return endResult;
    }

    // ---- the sender's side -------------------------------------------------------------------

    /** True when a batch for {@code tp} may be sent: the coordinator has the partition in the transaction. */
    synchronized boolean isSendToPartitionAllowed(TopicPartition tp) {
        return (state == TransactionState.IN_TRANSACTION || state == TransactionState.COMMITTING_TRANSACTION)
                && partitionsInTransaction.contains(tp);
    }

    /**
     * True when batches still queued must fail instead of being sent: the transaction is aborting or
     * has failed. The reason is {@link #queuedBatchFailure}.
     */
    synchronized boolean failsQueuedBatches() {
        return state == TransactionState.ABORTING_TRANSACTION || state == TransactionState.ABORTABLE_ERROR
                || state == TransactionState.FATAL_ERROR;
    }

    synchronized GregorApiException queuedBatchFailure() {
        if (lastError != null) {
            return new GregorApiException(errorOf(lastError), "the transaction failed before the batch was sent: "
                    + lastError.getMessage(), lastError);
        }
        return new GregorApiException(Errors.TRANSACTION_ABORTABLE, "the transaction was aborted before the batch was sent");
    }

    /**
     * The next request to send, or empty when there is none now.
     *
     * @param batchesIdle true when no batch of this producer is queued or in flight (EndTxn waits for that)
     */
    synchronized Optional<TransactionalStep> nextStep(long nowMs, boolean batchesIdle) {
        if (nowMs < retryAtMs || state == TransactionState.FATAL_ERROR) {
            return Optional.empty();
        }
        boolean needsTransactionCoordinator = state == TransactionState.INITIALIZING
                || (!newPartitions.isEmpty() && state == TransactionState.IN_TRANSACTION)
                || (!newPartitions.isEmpty() && state == TransactionState.COMMITTING_TRANSACTION)
                || (pendingOffsets != null && !pendingOffsets.addedToTransaction)
                || ((state == TransactionState.COMMITTING_TRANSACTION || state == TransactionState.ABORTING_TRANSACTION)
                        && transactionStarted());
        if (needsTransactionCoordinator && transactionCoordinator == null) {
            return Optional.of(new TransactionalStep.FindCoordinator(TransactionalStep.FindCoordinator.TRANSACTION,
                    transactionalId));
        }
        if (state == TransactionState.INITIALIZING) {
            return Optional.of(new TransactionalStep.InitProducerId(transactionCoordinator, transactionalId,
                    transactionTimeoutMs, producerId, producerEpoch));
        }
        if (!newPartitions.isEmpty() && (state == TransactionState.IN_TRANSACTION
                || state == TransactionState.COMMITTING_TRANSACTION)) {
            return Optional.of(new TransactionalStep.AddPartitions(transactionCoordinator, transactionalId, producerId,
                    producerEpoch, Set.copyOf(newPartitions)));
        }
        if (pendingOffsets != null) {
            if (!pendingOffsets.addedToTransaction) {
                return Optional.of(new TransactionalStep.AddOffsets(transactionCoordinator, transactionalId, producerId,
                        producerEpoch, pendingOffsets.group.groupId()));
            }
            String groupId = pendingOffsets.group.groupId();
            if (groupCoordinator == null || !groupId.equals(groupCoordinatorFor)) {
                return Optional.of(new TransactionalStep.FindCoordinator(TransactionalStep.FindCoordinator.GROUP, groupId));
            }
            return Optional.of(new TransactionalStep.TxnOffsetCommit(groupCoordinator, transactionalId, producerId,
                    producerEpoch, pendingOffsets.group, Map.copyOf(pendingOffsets.offsets)));
        }
        if ((state == TransactionState.COMMITTING_TRANSACTION || state == TransactionState.ABORTING_TRANSACTION)
                && batchesIdle) {
            boolean commit = state == TransactionState.COMMITTING_TRANSACTION;
            if (!transactionStarted()) {
                completeTransaction(commit); // nothing reached the coordinator: nothing to end
                return nextStep(nowMs, batchesIdle);
            }
            return Optional.of(new TransactionalStep.EndTxn(transactionCoordinator, transactionalId, producerId,
                    producerEpoch, commit));
        }
        return Optional.empty();
    }

    private boolean transactionStarted() {
        return !partitionsInTransaction.isEmpty() || offsetsAddedInTransaction;
    }

    synchronized void onFindCoordinator(TransactionalStep.FindCoordinator step, Errors error, Node node, long nowMs) {
        if (error == Errors.NONE) {
            if (step.keyType() == TransactionalStep.FindCoordinator.TRANSACTION) {
                transactionCoordinator = node;
            } else {
                groupCoordinator = node;
                groupCoordinatorFor = step.key();
            }
            return;
        }
        if (error == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) {
            fatal(error, "FindCoordinator for transactional id " + transactionalId);
        } else if (error == Errors.GROUP_AUTHORIZATION_FAILED) {
            offsetsFailed(error, "FindCoordinator for group " + step.key());
        } else if (error.isRetriable()) {
            backoff(nowMs);
        } else {
            fatal(error, "FindCoordinator for " + step.key());
        }
    }

    synchronized void onInitProducerId(Errors error, long newProducerId, short newEpoch, long nowMs) {
        switch (error) {
            case NONE -> {
                producerId = newProducerId;
                producerEpoch = newEpoch;
                epochBumpRequired = false;
                transitionTo(TransactionState.READY);
                log.info("Transactional producer {}: producer id {} epoch {}", transactionalId, producerId, producerEpoch);
                if (initResult != null) {
                    initResult.complete(null);
                    initResult = null;
                }
                completeEndResult(null);
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> lookupCoordinatorAgain(nowMs);
            case COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, REQUEST_TIMED_OUT -> backoff(nowMs);
            default -> fatal(error, "InitProducerId for transactional id " + transactionalId);
        }
    }

    synchronized void onAddPartitions(Map<TopicPartition, Errors> errors, long nowMs) {
        boolean retry = false;
        for (Map.Entry<TopicPartition, Errors> e : errors.entrySet()) {
            TopicPartition tp = e.getKey();
            switch (e.getValue()) {
                case NONE -> {
                    partitionsInTransaction.add(tp);
                    newPartitions.remove(tp);
                }
                case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> {
                    transactionCoordinator = null;
                    retry = true;
                }
                case CONCURRENT_TRANSACTIONS, COORDINATOR_LOAD_IN_PROGRESS, UNKNOWN_TOPIC_OR_PARTITION,
                     REQUEST_TIMED_OUT -> retry = true;
                case OPERATION_NOT_ATTEMPTED -> {
                    // another partition of the request failed; that error decides what happens
                }
                case TOPIC_AUTHORIZATION_FAILED, TRANSACTION_ABORTABLE -> abortable(e.getValue(), "AddPartitionsToTxn for " + tp);
                case UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_ID_MAPPING -> {
                    epochBumpRequired = true;
                    abortable(e.getValue(), "AddPartitionsToTxn for " + tp);
                }
                default -> fatal(e.getValue(), "AddPartitionsToTxn for " + tp);
            }
            if (state == TransactionState.FATAL_ERROR) {
                return;
            }
        }
        if (retry) {
            backoff(nowMs);
        }
    }

    synchronized void onAddOffsets(Errors error, long nowMs) {
        if (pendingOffsets == null) {
            return;
        }
        switch (error) {
            case NONE -> {
                pendingOffsets.addedToTransaction = true;
                offsetsAddedInTransaction = true;
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> lookupCoordinatorAgain(nowMs);
            case COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, REQUEST_TIMED_OUT -> backoff(nowMs);
            case GROUP_AUTHORIZATION_FAILED, TRANSACTION_ABORTABLE -> offsetsFailed(error, "AddOffsetsToTxn for group "
                    + pendingOffsets.group.groupId());
            case UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_ID_MAPPING -> {
                epochBumpRequired = true;
                offsetsFailed(error, "AddOffsetsToTxn");
            }
            default -> fatal(error, "AddOffsetsToTxn for group " + pendingOffsets.group.groupId());
        }
    }

    synchronized void onTxnOffsetCommit(Map<TopicPartition, Errors> errors, long nowMs) {
        if (pendingOffsets == null) {
            return;
        }
        boolean retry = false;
        for (Map.Entry<TopicPartition, Errors> e : errors.entrySet()) {
            switch (e.getValue()) {
                case NONE -> pendingOffsets.offsets.remove(e.getKey());
                case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, REQUEST_TIMED_OUT -> {
                    groupCoordinator = null;
                    retry = true;
                }
                case COORDINATOR_LOAD_IN_PROGRESS, UNKNOWN_TOPIC_OR_PARTITION, CONCURRENT_TRANSACTIONS -> retry = true;
                case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, FENCED_INSTANCE_ID, GROUP_AUTHORIZATION_FAILED,
                     TOPIC_AUTHORIZATION_FAILED, TRANSACTION_ABORTABLE -> {
                    offsetsFailed(e.getValue(), "TxnOffsetCommit of " + e.getKey() + " for group "
                            + pendingOffsets.group.groupId());
                    return;
                }
                default -> {
                    fatal(e.getValue(), "TxnOffsetCommit of " + e.getKey());
                    return;
                }
            }
        }
        if (pendingOffsets.offsets.isEmpty()) {
            pendingOffsets.result.complete(null);
            pendingOffsets = null;
        } else if (retry) {
            backoff(nowMs);
        }
    }

    synchronized void onEndTxn(boolean committed, Errors error, long nowMs) {
        switch (error) {
            case NONE -> completeTransaction(committed);
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE -> lookupCoordinatorAgain(nowMs);
            case COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS, REQUEST_TIMED_OUT -> backoff(nowMs);
            case TRANSACTION_ABORTABLE -> abortable(error, "EndTxn(" + (committed ? "commit" : "abort") + ")");
            default -> fatal(error, "EndTxn(" + (committed ? "commit" : "abort") + ") for transactional id "
                    + transactionalId);
        }
    }

    /** A request could not be sent or answered: find the coordinator again and retry. */
    synchronized void onRequestFailed(TransactionalStep step, GregorApiException e, long nowMs) {
        log.debug("Transactional producer {}: {} failed: {}", transactionalId, step.getClass().getSimpleName(),
                e.getMessage());
        if (step instanceof TransactionalStep.TxnOffsetCommit) {
            groupCoordinator = null;
        } else if (!(step instanceof TransactionalStep.FindCoordinator)) {
            transactionCoordinator = null;
        }
        if (!e.isRetriable()) {
            fatal(e.error(), step.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        backoff(nowMs);
    }

    /**
     * A batch of this transaction failed for good. As in Kafka, PRODUCER_FENCED and the
     * authorization and version errors are fatal; anything else (INVALID_PRODUCER_EPOCH included:
     * the abort's EndTxn answers PRODUCER_FENCED if the producer really was fenced) makes the
     * transaction abortable, and the abort bumps the epoch so that sequences start afresh.
     */
    synchronized void onBatchFailed(TopicPartition tp, GregorApiException e, boolean wasSent) {
        if (state == TransactionState.FATAL_ERROR) {
            return;
        }
        Errors error = e.error();
        if (error == Errors.PRODUCER_FENCED || error == Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                || error == Errors.CLUSTER_AUTHORIZATION_FAILED || error == Errors.UNSUPPORTED_VERSION) {
            fatal(error, "batch for " + tp + ": " + e.getMessage());
            return;
        }
        if (state == TransactionState.ABORTING_TRANSACTION) {
            epochBumpRequired |= wasSent; // the abort goes on; the broker's sequence may still be off
            return;
        }
        epochBumpRequired |= wasSent || state == TransactionState.IN_TRANSACTION;
        abortable(error, "batch for " + tp + ": " + e.getMessage());
    }

    // ---- transitions -------------------------------------------------------------------------

    private void completeTransaction(boolean committed) {
        partitionsInTransaction.clear();
        newPartitions.clear();
        offsetsAddedInTransaction = false;
        lastError = null;
        if (!committed && epochBumpRequired) {
            log.info("Transactional producer {}: bumping epoch {} after the abort", transactionalId, producerEpoch);
            transitionTo(TransactionState.INITIALIZING); // endResult completes when InitProducerId answers
            return;
        }
        transitionTo(TransactionState.READY);
        completeEndResult(null);
    }

    private void completeEndResult(RuntimeException error) {
        if (endResult == null) {
            return;
        }
        if (error == null) {
            endResult.complete(null);
        } else {
            endResult.completeExceptionally(error);
        }
        endResult = null;
    }

    private void lookupCoordinatorAgain(long nowMs) {
        transactionCoordinator = null;
        backoff(nowMs);
    }

    private void backoff(long nowMs) {
        retryAtMs = nowMs + retryBackoffMs;
    }

    private void offsetsFailed(Errors error, String what) {
        GregorApiException e = new GregorApiException(error, what);
        if (pendingOffsets != null) {
            pendingOffsets.result.completeExceptionally(e);
            pendingOffsets = null;
        }
        abortable(error, what);
    }

    private void abortable(Errors error, String what) {
        if (state == TransactionState.FATAL_ERROR) {
            return;
        }
        lastError = new GregorApiException(error, what);
        log.warn("Transactional producer {}: abortable error: {}", transactionalId, lastError.getMessage());
        if (state == TransactionState.INITIALIZING || state == TransactionState.ABORTING_TRANSACTION) {
            fatal(error, what); // no transaction to abort: the producer cannot go on
            return;
        }
        if (!state.canTransitionTo(TransactionState.ABORTABLE_ERROR)) {
            log.warn("Transactional producer {}: ignoring {} in state {}", transactionalId, what, state);
            return;
        }
        transitionTo(TransactionState.ABORTABLE_ERROR);
        if (endResult != null) {
            completeEndResult(lastError);
        }
    }

    private void fatal(Errors error, String what) {
        lastError = new GregorApiException(error, what);
        log.error("Transactional producer {}: fatal error: {}", transactionalId, lastError.getMessage());
        state = TransactionState.FATAL_ERROR;
        if (initResult != null) {
            initResult.completeExceptionally(lastError);
            initResult = null;
        }
        if (pendingOffsets != null) {
            pendingOffsets.result.completeExceptionally(lastError);
            pendingOffsets = null;
        }
        completeEndResult(lastError);
    }

    private void transitionTo(TransactionState target) {
        if (!state.canTransitionTo(target)) {
            throw new IllegalStateException("transactional id " + transactionalId + ": invalid transition from "
                    + state + " to " + target);
        }
        state = target;
    }

    private void throwIfFatal() {
        if (state == TransactionState.FATAL_ERROR) {
            throw new GregorApiException(errorOf(lastError), "the producer hit a fatal error and can only be closed: "
                    + lastError.getMessage(), lastError);
        }
    }

    private void throwIfAbortable(String what) {
        if (state == TransactionState.ABORTABLE_ERROR) {
            throw new GregorApiException(errorOf(lastError), "cannot " + what + ": the transaction must be aborted ("
                    + lastError.getMessage() + ")", lastError);
        }
    }

    private static Errors errorOf(RuntimeException e) {
        return e instanceof GregorApiException g ? g.error() : Errors.UNKNOWN_SERVER_ERROR;
    }
}
