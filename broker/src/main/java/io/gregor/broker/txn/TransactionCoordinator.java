package io.gregor.broker.txn;

import io.gregor.broker.txn.TransactionStateCache.Entry;
import io.gregor.broker.txn.TransactionStateCache.Lookup;
import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction coordinator's operations, as Kafka 3.9's TransactionCoordinator does them:
 * InitProducerId with a transactional id (epoch bumps, fencing of an older producer by aborting its
 * ongoing transaction, KIP-360 recovery, producer id rotation when the epochs run out), adding
 * partitions (and verifying them for a partition leader, KIP-890), ending a transaction (Prepare
 * stored, then markers, then Complete stored), the timeout abort and the expiry of idle ids. Each
 * answer is given once the change is stored in {@code __transaction_state}. Thread-safe: see
 * {@link TransactionStateCache} for the locking.
 */
public final class TransactionCoordinator implements TransactionStateCache.Listener {
    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);
    private static final long COMPLETE_RETRY_BACKOFF_MS = 100;

    /** Hands out new producer ids (may block on ZooKeeper; throws when it cannot). */
    public interface ProducerIds {
        long next();
    }

    /** The answer to InitProducerId. */
    public record InitResult(Errors error, long producerId, short producerEpoch) {
        static InitResult error(Errors error) {
            return new InitResult(error, -1L, (short) -1);
        }
    }

    private final TransactionStateCache cache;
    private final ProducerIds producerIds;
    private final TransactionConfig config;
    private final MarkerSender markers;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;

    TransactionCoordinator(TransactionStateCache cache, ProducerIds producerIds, TransactionConfig config,
                           MarkerSender markers, LongSupplier clock, ScheduledExecutorService scheduler) {
        this.cache = cache;
        this.producerIds = producerIds;
        this.config = config;
        this.markers = markers;
        this.clock = clock;
        this.scheduler = scheduler;
        cache.setListener(this);
    }

    /** The {@code __transaction_state} partition of {@code transactionalId}. */
    public int partitionFor(String transactionalId) {
        return cache.partitionFor(transactionalId);
    }

    /**
     * InitProducerId with a transactional id. {@code expectedProducerId} -1 means none given (a new
     * producer); else the producer's current id and epoch (KIP-360).
     */
    public CompletableFuture<InitResult> initProducerId(String transactionalId, int timeoutMs, long expectedProducerId,
                                                        short expectedEpoch) {
        if (transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(InitResult.error(Errors.INVALID_REQUEST));
        }
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            return CompletableFuture.completedFuture(InitResult.error(Errors.INVALID_TRANSACTION_TIMEOUT));
        }
        Lookup l = cache.get(transactionalId);
        if (l.error() == Errors.NONE && l.entry() == null) {
            long pid;
            try {
                pid = producerIds.next();
            } catch (RuntimeException e) {
                log.warn("Could not allocate a producer id for transactional id {}", transactionalId, e);
                return CompletableFuture.completedFuture(InitResult.error(Errors.COORDINATOR_NOT_AVAILABLE));
            }
            l = cache.putIfAbsent(TransactionMetadata.fresh(transactionalId, pid, timeoutMs, clock.getAsLong()));
        }
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(InitResult.error(l.error()));
        }
        Entry entry = l.entry();
        TransactionMetadata md = entry.metadata();
        TransactionMetadata.Result prepared;
        synchronized (md) {
            prepared = prepareInit(md, timeoutMs, expectedProducerId, expectedEpoch);
        }
        if (prepared.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(InitResult.error(prepared.error()));
        }
        TxnTransit transit = prepared.transit();
        if (transit.state() == TransactionState.PREPARE_EPOCH_FENCE) {
            log.info("Transactional id {}: a new producer takes over; aborting the ongoing transaction with epoch {}",
                    transactionalId, transit.producerEpoch());
            return endTransaction(transactionalId, transit.producerId(), transit.producerEpoch(), false, false)
                    .thenApply(error -> {
                        abandonFailedFence(md);
                        return InitResult.error(error == Errors.NONE ? Errors.CONCURRENT_TRANSACTIONS : error);
                    });
        }
        return cache.append(md, entry.coordinatorEpoch(), transit).thenApply(error -> {
            if (error != Errors.NONE) {
                return InitResult.error(error);
            }
            log.info("Initialized transactional id {} with producer id {} and epoch {} on __transaction_state-{}",
                    transactionalId, transit.producerId(), transit.producerEpoch(), partitionFor(transactionalId));
            return new InitResult(Errors.NONE, transit.producerId(), transit.producerEpoch());
        });
    }

    /** Caller holds {@code md}. */
    private TransactionMetadata.Result prepareInit(TransactionMetadata md, int timeoutMs, long expectedProducerId,
                                                   short expectedEpoch) {
        boolean expected = expectedProducerId >= 0;
        if (md.pendingTransitionInProgress()) {
            return TransactionMetadata.Result.error(Errors.CONCURRENT_TRANSACTIONS);
        }
        if (expected && !(md.producerEpoch == TransactionMetadata.NO_EPOCH || expectedProducerId == md.producerId
                || (expectedProducerId == md.lastProducerId && TransactionMetadata.isEpochExhausted(expectedEpoch)))) {
            return TransactionMetadata.Result.error(Errors.PRODUCER_FENCED);
        }
        return switch (md.state) {
            case PREPARE_ABORT, PREPARE_COMMIT -> TransactionMetadata.Result.error(Errors.CONCURRENT_TRANSACTIONS);
            case ONGOING -> TransactionMetadata.Result.of(md.prepareFenceProducerEpoch());
            case EMPTY, COMPLETE_ABORT, COMPLETE_COMMIT -> {
                if (md.isProducerEpochExhausted() && (!expected || expectedEpoch == md.producerEpoch)) {
                    long pid;
                    try {
                        pid = producerIds.next();
                    } catch (RuntimeException e) {
                        yield TransactionMetadata.Result.error(Errors.COORDINATOR_NOT_AVAILABLE);
                    }
                    yield TransactionMetadata.Result.of(md.prepareProducerIdRotation(pid, timeoutMs, clock.getAsLong(),
                            expected));
                }
                yield md.prepareIncrementProducerEpoch(timeoutMs, expected ? expectedEpoch : null, clock.getAsLong());
            }
            case DEAD, PREPARE_EPOCH_FENCE -> throw new IllegalStateException("transactional id " + md.transactionalId
                    + " found in state " + md.state);
        };
    }

    /** AddPartitionsToTxn (and AddOffsetsToTxn): the partitions join the producer's transaction. */
    public CompletableFuture<Errors> addPartitions(String transactionalId, long producerId, short producerEpoch,
                                                   Set<TopicPartition> partitions) {
        Lookup l = producerTransaction(transactionalId);
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(l.error());
        }
        TransactionMetadata md = l.entry().metadata();
        TxnTransit transit;
        synchronized (md) {
            Errors refusal = checkProducer(md, producerId, producerEpoch);
            if (refusal != Errors.NONE) {
                return CompletableFuture.completedFuture(refusal);
            }
            if (md.state == TransactionState.ONGOING && md.partitions.containsAll(partitions)) {
                return CompletableFuture.completedFuture(Errors.NONE);
            }
            transit = md.prepareAddPartitions(partitions, clock.getAsLong());
        }
        return cache.append(md, l.entry().coordinatorEpoch(), transit);
    }

    /**
     * AddPartitionsToTxn v4+ verify-only (KIP-890 part 1): for each partition NONE if it is in the
     * producer's ongoing transaction, else INVALID_TXN_STATE; one error for all when the producer
     * or the coordinator is not in a state to answer.
     */
    public Map<TopicPartition, Errors> verifyPartitions(String transactionalId, long producerId, short producerEpoch,
                                                        Set<TopicPartition> partitions) {
        Errors whole;
        Map<TopicPartition, Errors> out = new HashMap<>();
        Lookup l = cache.get(transactionalId);
        if (l.error() != Errors.NONE) {
            whole = l.error();
        } else if (l.entry() == null) {
            whole = Errors.INVALID_PRODUCER_ID_MAPPING;
        } else {
            TransactionMetadata md = l.entry().metadata();
            synchronized (md) {
                whole = checkProducer(md, producerId, producerEpoch);
                if (whole == Errors.NONE) {
                    partitions.forEach(tp -> out.put(tp, md.state == TransactionState.ONGOING
                            && md.partitions.contains(tp) ? Errors.NONE : Errors.INVALID_TXN_STATE));
                    return out;
                }
            }
        }
        partitions.forEach(tp -> out.put(tp, whole));
        return out;
    }

    /**
     * The known transactional id a producer's request names, or the error that answers the request
     * instead: INVALID_REQUEST for no id, the coordinator's error, INVALID_PRODUCER_ID_MAPPING for an
     * unknown id.
     */
    private Lookup producerTransaction(String transactionalId) {
        if (transactionalId == null || transactionalId.isEmpty()) {
            return new Lookup(Errors.INVALID_REQUEST, null);
        }
        Lookup l = cache.get(transactionalId);
        if (l.error() == Errors.NONE && l.entry() == null) {
            return new Lookup(Errors.INVALID_PRODUCER_ID_MAPPING, null);
        }
        return l;
    }

    /** Caller holds {@code md}: the checks every request of a producer's transaction passes first. */
    private static Errors checkProducer(TransactionMetadata md, long producerId, short producerEpoch) {
        if (md.producerId != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (md.producerEpoch != producerEpoch) {
            return Errors.PRODUCER_FENCED;
        }
        if (md.pendingTransitionInProgress() || md.state == TransactionState.PREPARE_COMMIT
                || md.state == TransactionState.PREPARE_ABORT) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        return Errors.NONE;
    }

    /** EndTxn from the producer. */
    public CompletableFuture<Errors> endTransaction(String transactionalId, long producerId, short producerEpoch,
                                                    boolean commit) {
        return endTransaction(transactionalId, producerId, producerEpoch, commit, true);
    }

    private CompletableFuture<Errors> endTransaction(String transactionalId, long producerId, short producerEpoch,
                                                     boolean commit, boolean fromClient) {
        Lookup l = producerTransaction(transactionalId);
        if (l.error() != Errors.NONE) {
            return CompletableFuture.completedFuture(l.error());
        }
        TransactionMetadata md = l.entry().metadata();
        int coordinatorEpoch = l.entry().coordinatorEpoch();
        TxnTransit transit;
        boolean epochFence = false;
        synchronized (md) {
            if (md.producerId != producerId) {
                return CompletableFuture.completedFuture(Errors.INVALID_PRODUCER_ID_MAPPING);
            }
            if ((fromClient && producerEpoch != md.producerEpoch) || producerEpoch < md.producerEpoch) {
                return CompletableFuture.completedFuture(Errors.PRODUCER_FENCED);
            }
            if (md.pendingTransitionInProgress() && md.pendingState != TransactionState.PREPARE_EPOCH_FENCE) {
                return CompletableFuture.completedFuture(Errors.CONCURRENT_TRANSACTIONS);
            }
            switch (md.state) {
                case ONGOING -> {
                    if (!commit && md.pendingState == TransactionState.PREPARE_EPOCH_FENCE) {
                        epochFence = true;
                        md.takeFencedEpoch(producerEpoch);
                    }
                    transit = md.prepareAbortOrCommit(commit ? TransactionState.PREPARE_COMMIT
                            : TransactionState.PREPARE_ABORT, clock.getAsLong());
                }
                case COMPLETE_COMMIT -> {
                    return CompletableFuture.completedFuture(commit ? Errors.NONE : invalidEnd(md, commit));
                }
                case COMPLETE_ABORT -> {
                    return CompletableFuture.completedFuture(!commit ? Errors.NONE : invalidEnd(md, commit));
                }
                case PREPARE_COMMIT -> {
                    return CompletableFuture.completedFuture(commit ? Errors.CONCURRENT_TRANSACTIONS : invalidEnd(md, commit));
                }
                case PREPARE_ABORT -> {
                    return CompletableFuture.completedFuture(!commit ? Errors.CONCURRENT_TRANSACTIONS : invalidEnd(md, commit));
                }
                case EMPTY -> {
                    return CompletableFuture.completedFuture(invalidEnd(md, commit));
                }
                default -> throw new IllegalStateException("transactional id " + transactionalId + " found in state "
                        + md.state);
            }
        }
        boolean fence = epochFence;
        return cache.append(md, coordinatorEpoch, transit).thenApply(error -> {
            if (error != Errors.NONE) {
                if (fence) {
                    synchronized (md) {
                        md.hasFailedEpochFence = true;
                    }
                }
                return error;
            }
            completeWithMarkers(md, coordinatorEpoch);
            return Errors.NONE;
        });
    }

    /** An epoch fence that never became an abort (the abort was refused before it was prepared) is dropped. */
    private static void abandonFailedFence(TransactionMetadata md) {
        synchronized (md) {
            if (md.pendingState == TransactionState.PREPARE_EPOCH_FENCE) {
                md.abandonPending();
            }
        }
    }

    private static Errors invalidEnd(TransactionMetadata md, boolean commit) {
        log.debug("Transactional id {}: cannot {} in state {}", md.transactionalId, commit ? "commit" : "abort", md.state);
        return Errors.INVALID_TXN_STATE;
    }

    /**
     * After PrepareCommit/PrepareAbort is stored: marks the Complete transition pending (so that the
     * producer waits with CONCURRENT_TRANSACTIONS), sends the markers, then stores Complete.
     */
    private void completeWithMarkers(TransactionMetadata md, int coordinatorEpoch) {
        TxnTransit complete = prepareCompleteIfPrepared(md);
        if (complete == null) {
            return;
        }
        boolean commit = complete.state() == TransactionState.COMPLETE_COMMIT;
        Set<TopicPartition> partitions;
        long producerId;
        short producerEpoch;
        synchronized (md) {
            partitions = Set.copyOf(md.partitions);
            producerId = md.producerId;
            producerEpoch = md.producerEpoch;
        }
        markers.send(new MarkerSender.Job(md.transactionalId, coordinatorEpoch, producerId, producerEpoch, commit,
                partitions, () -> storeComplete(md, coordinatorEpoch, complete)));
    }

    /**
     * Marks the Complete transition pending when the transaction is in PrepareCommit or PrepareAbort
     * with nothing else pending, and returns it; null otherwise (nothing to complete, or already under way).
     */
    private TxnTransit prepareCompleteIfPrepared(TransactionMetadata md) {
        synchronized (md) {
            if (md.pendingTransitionInProgress() || (md.state != TransactionState.PREPARE_COMMIT
                    && md.state != TransactionState.PREPARE_ABORT)) {
                return null;
            }
            return md.prepareComplete(clock.getAsLong());
        }
    }

    /** Stores the Complete state once the markers are written; retried while the log is unavailable. */
    private void storeComplete(TransactionMetadata md, int coordinatorEpoch, TxnTransit complete) {
        cache.append(md, coordinatorEpoch, complete).thenAccept(error -> {
            if (error == Errors.NONE) {
                log.debug("Transactional id {} completed: {}", md.transactionalId, complete.state().kafkaName);
                return;
            }
            if (error == Errors.NOT_COORDINATOR) {
                log.info("Transactional id {}: no longer its coordinator; the new one completes the transaction",
                        md.transactionalId);
                return;
            }
            scheduler.schedule(() -> retryComplete(md, coordinatorEpoch), COMPLETE_RETRY_BACKOFF_MS, TimeUnit.MILLISECONDS);
        });
    }

    private void retryComplete(TransactionMetadata md, int coordinatorEpoch) {
        TxnTransit complete = prepareCompleteIfPrepared(md);
        if (complete == null) {
            return;
        }
        storeComplete(md, coordinatorEpoch, complete);
    }

    @Override
    public void onLoaded(int partition, int coordinatorEpoch, List<TransactionMetadata> prepared) {
        for (TransactionMetadata md : prepared) {
            log.info("Transactional id {} was loaded in {}: sending its markers again", md.transactionalId, md.state.kafkaName);
            completeWithMarkers(md, coordinatorEpoch);
        }
    }

    @Override
    public void onUnloaded(int partition) {
        // marker jobs of this partition stop on their own: the sender checks the coordinator epoch
    }

    /** Whether {@code transactionalId} is still coordinated here in {@code coordinatorEpoch} (for the marker sender). */
    boolean isCurrent(String transactionalId, int coordinatorEpoch) {
        return cache.isCurrent(partitionFor(transactionalId), coordinatorEpoch);
    }

    /**
     * transaction.abort.timed.out.transaction.cleanup.interval.ms: every Ongoing transaction older
     * than its timeout is aborted with a bumped epoch, which fences its producer.
     */
    public void abortTimedOutTransactions() {
        long now = clock.getAsLong();
        for (Entry e : cache.loadedEntries()) {
            TransactionMetadata md = e.metadata();
            TxnTransit fence;
            synchronized (md) {
                if (md.state != TransactionState.ONGOING || md.pendingTransitionInProgress()
                        || md.txnStartTimestamp + md.txnTimeoutMs > now) {
                    continue;
                }
                fence = md.prepareFenceProducerEpoch();
            }
            log.info("Aborting the transaction of {} (producer id {}): it passed its timeout of {} ms",
                    md.transactionalId, fence.producerId(), fence.txnTimeoutMs());
            endTransaction(md.transactionalId, fence.producerId(), fence.producerEpoch(), false, false)
                    .thenAccept(error -> {
                        abandonFailedFence(md);
                        if (error != Errors.NONE) {
                            log.info("Aborting the timed-out transaction of {} failed: {}", md.transactionalId, error);
                        }
                    });
        }
    }

    /**
     * transaction.remove.expired.transaction.cleanup.interval.ms: ids idle (Empty, CompleteCommit,
     * CompleteAbort) for longer than transactional.id.expiration.ms are removed with a tombstone.
     */
    public void removeExpiredTransactionalIds() {
        long now = clock.getAsLong();
        for (Entry e : cache.loadedEntries()) {
            TransactionMetadata md = e.metadata();
            TxnTransit dead;
            synchronized (md) {
                if (!md.state.isIdle() || md.pendingTransitionInProgress()
                        || md.txnLastUpdateTimestamp + config.transactionalIdExpirationMs() > now) {
                    continue;
                }
                dead = md.prepareDead();
            }
            cache.append(md, e.coordinatorEpoch(), dead).thenAccept(error -> log.info(
                    "Transactional id {} expired after {} ms idle: {}", md.transactionalId,
                    config.transactionalIdExpirationMs(), error == Errors.NONE ? "removed" : "removal failed: " + error));
        }
    }

    /** A transactional id's state as DescribeTransactions shows it. */
    public record Description(Errors error, TxnTransit state) {
    }

    public Description describe(String transactionalId) {
        Lookup l = cache.get(transactionalId);
        if (l.error() != Errors.NONE) {
            return new Description(l.error(), null);
        }
        if (l.entry() == null) {
            return new Description(Errors.TRANSACTIONAL_ID_NOT_FOUND, null);
        }
        TransactionMetadata md = l.entry().metadata();
        synchronized (md) {
            if (md.state == TransactionState.DEAD) {
                return new Description(Errors.TRANSACTIONAL_ID_NOT_FOUND, null);
            }
            return new Description(Errors.NONE, md.current());
        }
    }

    /** One transactional id as ListTransactions shows it. */
    public record Listed(String transactionalId, long producerId, TransactionState state) {
    }

    /**
     * The ids coordinated here, filtered as ListTransactions asks (empty filters match all; a
     * negative duration matches all, else only transactions running longer). COORDINATOR_LOAD_IN_PROGRESS
     * while a partition loads.
     */
    public ListResult list(Set<TransactionState> states, Set<Long> producerIds, long durationFilterMs) {
        Errors loading = cache.loadingError();
        if (loading != Errors.NONE) {
            return new ListResult(loading, List.of());
        }
        long now = clock.getAsLong();
        List<Listed> out = new java.util.ArrayList<>();
        for (Entry e : cache.loadedEntries()) {
            TransactionMetadata md = e.metadata();
            synchronized (md) {
                if (md.state == TransactionState.DEAD || (!states.isEmpty() && !states.contains(md.state))
                        || (!producerIds.isEmpty() && !producerIds.contains(md.producerId))
                        || (durationFilterMs >= 0 && now - md.txnStartTimestamp <= durationFilterMs)) {
                    continue;
                }
                out.add(new Listed(md.transactionalId, md.producerId, md.state));
            }
        }
        return new ListResult(Errors.NONE, out);
    }

    /** ListTransactions' answer. */
    public record ListResult(Errors error, List<Listed> transactions) {
    }
}
