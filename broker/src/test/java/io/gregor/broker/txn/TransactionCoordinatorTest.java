package io.gregor.broker.txn;

import io.gregor.broker.txn.TransactionCoordinator.InitResult;
import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TransactionCoordinatorTest {
    private static final int PARTITIONS = 4;
    private static final String TX = "tx-1";

    private final InMemoryStateLog stateLog = new InMemoryStateLog();
    private final AtomicLong now = new AtomicLong(1_000L);
    private final AtomicLong nextProducerId = new AtomicLong(5000L);
    private final List<MarkerSender.Job> markerJobs = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private TransactionStateCache cache = new TransactionStateCache(stateLog, PARTITIONS, now::get, Runnable::run);
    private TransactionCoordinator coordinator = coordinator(cache, TransactionConfig.defaults(PARTITIONS));
    private final int txPartition = cache.partitionFor(TX);
    private final TopicPartition tp0 = new TopicPartition("orders", 0);
    private final TopicPartition tp1 = new TopicPartition("orders", 1);

    private TransactionCoordinator coordinator(TransactionStateCache c, TransactionConfig config) {
        return new TransactionCoordinator(c, nextProducerId::getAndIncrement, config, markerJobs::add, now::get, scheduler);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private InitResult init(String id) {
        return coordinator.initProducerId(id, 60_000, -1L, (short) -1).join();
    }

    private InitResult leadAndInit() {
        stateLog.lead(txPartition, 7);
        cache.onLeadershipChange(txPartition);
        return init(TX);
    }

    private TxnTransit lastStored() {
        List<TxnTransit> states = stateLog.states(txPartition);
        return states.get(states.size() - 1);
    }

    private void writeMarkers() {
        List<MarkerSender.Job> jobs = new ArrayList<>(markerJobs);
        markerJobs.clear();
        jobs.forEach(j -> j.onAllWritten().run());
    }

    @Test
    void aBrokerThatDoesNotLeadTheIdsPartitionIsNotItsCoordinator() {
        assertEquals(Errors.NOT_COORDINATOR, init(TX).error());
    }

    @Test
    void firstProducerGetsANewIdAtEpochZeroStoredAsEmpty() {
        InitResult r = leadAndInit();
        assertEquals(new InitResult(Errors.NONE, 5000L, (short) 0), r);
        assertEquals(TransactionState.EMPTY, lastStored().state());
        assertEquals(0, lastStored().producerEpoch());
    }

    @Test
    void aSecondProducerWithTheSameIdFencesTheFirst() {
        InitResult first = leadAndInit();
        InitResult second = init(TX);
        assertEquals(first.producerId(), second.producerId());
        assertEquals(1, second.producerEpoch());
        assertEquals(Errors.PRODUCER_FENCED,
                coordinator.addPartitions(TX, first.producerId(), first.producerEpoch(), Set.of(tp0)).join());
        assertEquals(Errors.PRODUCER_FENCED,
                coordinator.endTransaction(TX, first.producerId(), first.producerEpoch(), true).join());
        assertEquals(Errors.NONE,
                coordinator.addPartitions(TX, second.producerId(), second.producerEpoch(), Set.of(tp0)).join());
    }

    @Test
    void timeoutAboveTheMaximumIsInvalid() {
        stateLog.lead(txPartition, 7);
        assertEquals(Errors.INVALID_TRANSACTION_TIMEOUT,
                coordinator.initProducerId(TX, 900_001, -1L, (short) -1).join().error());
    }

    @Test
    void commitStoresPrepareCommitSendsMarkersThenStoresCompleteCommit() {
        InitResult p = leadAndInit();
        assertEquals(Errors.NONE, coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0, tp1)).join());
        assertEquals(TransactionState.ONGOING, lastStored().state());
        assertEquals(Set.of(tp0, tp1), lastStored().partitions());

        assertEquals(Errors.NONE, coordinator.endTransaction(TX, p.producerId(), p.producerEpoch(), true).join());
        assertEquals(TransactionState.PREPARE_COMMIT, lastStored().state());
        assertEquals(1, markerJobs.size());
        MarkerSender.Job job = markerJobs.get(0);
        assertEquals(Set.of(tp0, tp1), job.partitions());
        assertEquals(true, job.commit());
        assertEquals(7, job.coordinatorEpoch());
        assertEquals(Errors.CONCURRENT_TRANSACTIONS,
                coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0)).join(),
                "the next transaction waits for the markers");

        writeMarkers();
        assertEquals(TransactionState.COMPLETE_COMMIT, lastStored().state());
        assertEquals(Set.of(), lastStored().partitions());
        assertEquals(Errors.NONE, coordinator.endTransaction(TX, p.producerId(), p.producerEpoch(), true).join(),
                "a retried commit succeeds");
        assertEquals(Errors.INVALID_TXN_STATE, coordinator.endTransaction(TX, p.producerId(), p.producerEpoch(), false).join());
    }

    @Test
    void newProducerDuringAnOngoingTransactionAbortsItWithABumpedEpochAndRetriesUntilDone() {
        InitResult old = leadAndInit();
        coordinator.addPartitions(TX, old.producerId(), old.producerEpoch(), Set.of(tp0)).join();
        assertEquals(Errors.CONCURRENT_TRANSACTIONS, init(TX).error());
        assertEquals(TransactionState.PREPARE_ABORT, lastStored().state());
        assertEquals(1, lastStored().producerEpoch(), "the abort markers carry the bumped epoch");
        assertEquals(false, markerJobs.get(0).commit());
        assertEquals(Errors.CONCURRENT_TRANSACTIONS, init(TX).error(), "still aborting");
        writeMarkers();
        assertEquals(TransactionState.COMPLETE_ABORT, lastStored().state());
        InitResult fresh = init(TX);
        assertEquals(2, fresh.producerEpoch());
        assertEquals(Errors.PRODUCER_FENCED, coordinator.endTransaction(TX, old.producerId(), old.producerEpoch(), true).join());
    }

    @Test
    void producerRecoveringWithItsIdAndEpochKeepsItsIdAndAStrangerIdIsFenced() {
        InitResult p = leadAndInit();
        InitResult recovered = coordinator.initProducerId(TX, 60_000, p.producerId(), p.producerEpoch()).join();
        assertEquals(new InitResult(Errors.NONE, p.producerId(), (short) 1), recovered);
        assertEquals(Errors.PRODUCER_FENCED, coordinator.initProducerId(TX, 60_000, 424242L, (short) 0).join().error());
    }

    @Test
    void verifyOnlyReportsWhichPartitionsAreInTheOngoingTransaction() {
        InitResult p = leadAndInit();
        coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0)).join();
        var results = coordinator.verifyPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0, tp1));
        assertEquals(Errors.NONE, results.get(tp0));
        assertEquals(Errors.INVALID_TXN_STATE, results.get(tp1));
        assertEquals(Errors.PRODUCER_FENCED,
                coordinator.verifyPartitions(TX, p.producerId(), (short) 9, Set.of(tp0)).get(tp0));
        stateLog.lead(cache.partitionFor("unknown"), 7);
        cache.onLeadershipChange(cache.partitionFor("unknown"));
        assertEquals(Errors.INVALID_PRODUCER_ID_MAPPING,
                coordinator.verifyPartitions("unknown", 1L, (short) 0, Set.of(tp0)).get(tp0));
    }

    @Test
    void failedLogAppendLeavesTheStateAsItWasAndAnswersCoordinatorNotAvailable() {
        InitResult p = leadAndInit();
        stateLog.failAppendsWith(Errors.NOT_ENOUGH_REPLICAS);
        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE,
                coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0)).join());
        stateLog.failAppendsWith(Errors.NONE);
        assertEquals(Errors.NONE, coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0)).join());
    }

    @Test
    void newLeaderLoadsTheLogAndFinishesATransactionLeftInPrepareCommit() {
        InitResult p = leadAndInit();
        coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0)).join();
        coordinator.endTransaction(TX, p.producerId(), p.producerEpoch(), true).join();
        markerJobs.clear(); // the old coordinator dies before its markers are written

        stateLog.resign(txPartition);
        assertEquals(Errors.NOT_COORDINATOR, coordinator.describe(TX).error());
        TransactionStateCache newCache = new TransactionStateCache(stateLog, PARTITIONS, now::get, Runnable::run);
        TransactionCoordinator newCoordinator = coordinator(newCache, TransactionConfig.defaults(PARTITIONS));
        stateLog.lead(txPartition, 8);
        newCache.onLeadershipChange(txPartition);
        assertEquals(1, markerJobs.size(), "the loaded PrepareCommit is driven again");
        assertEquals(8, markerJobs.get(0).coordinatorEpoch());
        assertEquals(Set.of(tp0), markerJobs.get(0).partitions());
        writeMarkers();
        assertEquals(TransactionState.COMPLETE_COMMIT, lastStored().state());
        assertEquals(TransactionState.COMPLETE_COMMIT, newCoordinator.describe(TX).state().state());
    }

    @Test
    void transactionPastItsTimeoutIsAbortedAndItsProducerFenced() {
        stateLog.lead(txPartition, 7);
        InitResult p = coordinator.initProducerId(TX, 5_000, -1L, (short) -1).join();
        coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0)).join();
        now.addAndGet(4_000);
        coordinator.abortTimedOutTransactions();
        assertEquals(TransactionState.ONGOING, lastStored().state(), "not yet timed out");
        now.addAndGet(2_000);
        coordinator.abortTimedOutTransactions();
        assertEquals(TransactionState.PREPARE_ABORT, lastStored().state());
        assertEquals(1, lastStored().producerEpoch());
        writeMarkers();
        assertEquals(TransactionState.COMPLETE_ABORT, lastStored().state());
        assertEquals(Errors.PRODUCER_FENCED, coordinator.endTransaction(TX, p.producerId(), p.producerEpoch(), true).join());
    }

    @Test
    void idleTransactionalIdIsRemovedAfterItsExpirationWithATombstone() {
        TransactionConfig config = new TransactionConfig(PARTITIONS, (short) 3, 2, 1 << 20, 900_000, 10_000, 60_000, 1000);
        coordinator = coordinator(cache, config);
        leadAndInit();
        now.addAndGet(59_000);
        coordinator.removeExpiredTransactionalIds();
        assertEquals(TransactionState.EMPTY, lastStored().state());
        now.addAndGet(2_000);
        coordinator.removeExpiredTransactionalIds();
        assertNull(lastStored(), "tombstone");
        assertEquals(Errors.TRANSACTIONAL_ID_NOT_FOUND, coordinator.describe(TX).error());
    }

    @Test
    void listFiltersByStateAndProducerId() {
        InitResult p = leadAndInit();
        coordinator.addPartitions(TX, p.producerId(), p.producerEpoch(), Set.of(tp0)).join();
        assertEquals(List.of(new TransactionCoordinator.Listed(TX, p.producerId(), TransactionState.ONGOING)),
                coordinator.list(Set.of(TransactionState.ONGOING), Set.of(), -1L).transactions());
        assertEquals(List.of(), coordinator.list(Set.of(TransactionState.EMPTY), Set.of(), -1L).transactions());
        assertEquals(List.of(), coordinator.list(Set.of(), Set.of(1L), -1L).transactions());
    }
}
