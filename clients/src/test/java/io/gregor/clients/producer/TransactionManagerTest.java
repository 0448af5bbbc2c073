package io.gregor.clients.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.consumer.ConsumerGroupMetadata;
import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The transactional producer's state machine, driven as the sender thread drives it, without a network. */
class TransactionManagerTest {
    private static final long BACKOFF = 100;
    private static final Node COORDINATOR = new Node(1, "127.0.0.1", 9000);
    private static final Node GROUP_COORDINATOR = new Node(2, "127.0.0.1", 9001);
    private static final TopicPartition TP0 = new TopicPartition("out", 0);
    private static final TopicPartition TP1 = new TopicPartition("out", 1);

    private final TransactionManager txn = new TransactionManager("tx-1", 60000, BACKOFF);
    private long now = 1000;

    private TransactionalStep next(boolean idle) {
        return txn.nextStep(now, idle).orElseThrow(() -> new AssertionError("no step in state " + txn.state()));
    }

    private <T extends TransactionalStep> T expect(Class<T> type, boolean idle) {
        return assertInstanceOf(type, next(idle));
    }

    private void initialized() {
        CompletableFuture<Void> init = txn.initializeTransactions();
        var find = expect(TransactionalStep.FindCoordinator.class, true);
        assertEquals(TransactionalStep.FindCoordinator.TRANSACTION, find.keyType());
        assertEquals("tx-1", find.key());
        txn.onFindCoordinator(find, Errors.NONE, COORDINATOR, now);
        var initStep = expect(TransactionalStep.InitProducerId.class, true);
        assertEquals(-1L, initStep.producerId());
        assertEquals(60000, initStep.transactionTimeoutMs());
        txn.onInitProducerId(Errors.NONE, 42L, (short) 3, now);
        assertTrue(init.isDone());
        assertEquals(TransactionState.READY, txn.state());
    }

    private void inTransactionWith(TopicPartition... partitions) {
        txn.beginTransaction();
        for (TopicPartition tp : partitions) {
            txn.maybeAddPartition(tp);
        }
        var add = expect(TransactionalStep.AddPartitions.class, false);
        assertEquals(Set.of(partitions), add.partitions());
        Map<TopicPartition, Errors> ok = new java.util.HashMap<>();
        for (TopicPartition tp : partitions) {
            ok.put(tp, Errors.NONE);
        }
        txn.onAddPartitions(ok, now);
    }

    private static Throwable failure(CompletableFuture<Void> f) {
        return assertThrows(ExecutionException.class, f::get).getCause();
    }

    @Test
    void initTransactionsFindsTheCoordinatorThenGetsAProducerIdAndEpoch() {
        initialized();
        assertEquals(42L, txn.producerId());
        assertEquals((short) 3, txn.producerEpoch());
        assertEquals(Optional.empty(), txn.nextStep(now, true));
    }

    @Test
    void aRecordCanBeSentToAPartitionOnlyAfterAddPartitionsToTxnSucceeded() {
        initialized();
        txn.beginTransaction();
        txn.maybeAddPartition(TP0);
        assertFalse(txn.isSendToPartitionAllowed(TP0));
        var add = expect(TransactionalStep.AddPartitions.class, false);
        assertEquals(42L, add.producerId());
        assertEquals(COORDINATOR, add.coordinator());
        txn.onAddPartitions(Map.of(TP0, Errors.NONE), now);
        assertTrue(txn.isSendToPartitionAllowed(TP0));
        txn.maybeAddPartition(TP0);
        assertEquals(Optional.empty(), txn.nextStep(now, false), "a partition already in the transaction is not added again");
    }

    @Test
    void commitWaitsForOutstandingBatchesThenSendsEndTxnAndReturnsToReady() throws Exception {
        initialized();
        inTransactionWith(TP0, TP1);
        CompletableFuture<Void> commit = txn.beginCommit();
        assertEquals(Optional.empty(), txn.nextStep(now, false), "EndTxn waits while batches are in flight");
        var end = expect(TransactionalStep.EndTxn.class, true);
        assertTrue(end.committed());
        assertFalse(commit.isDone());
        txn.onEndTxn(true, Errors.NONE, now);
        commit.get();
        assertEquals(TransactionState.READY, txn.state());
        assertFalse(txn.isSendToPartitionAllowed(TP0), "the next transaction adds its partitions again");
    }

    @Test
    void aTransactionThatWroteNothingCommitsWithoutAskingTheCoordinator() throws Exception {
        initialized();
        txn.beginTransaction();
        CompletableFuture<Void> commit = txn.beginCommit();
        assertEquals(Optional.empty(), txn.nextStep(now, true));
        commit.get();
        assertEquals(TransactionState.READY, txn.state());
    }

    @Test
    void sendOffsetsAddsTheGroupToTheTransactionThenCommitsToTheGroupCoordinator() throws Exception {
        initialized();
        txn.beginTransaction();
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("g", 5, "member-1", null);
        CompletableFuture<Void> sent = txn.sendOffsetsToTransaction(Map.of(TP0, new OffsetAndMetadata(17)), group);
        var addOffsets = expect(TransactionalStep.AddOffsets.class, true);
        assertEquals("g", addOffsets.groupId());
        txn.onAddOffsets(Errors.NONE, now);
        var find = expect(TransactionalStep.FindCoordinator.class, true);
        assertEquals(TransactionalStep.FindCoordinator.GROUP, find.keyType());
        assertEquals("g", find.key());
        txn.onFindCoordinator(find, Errors.NONE, GROUP_COORDINATOR, now);
        var commitOffsets = expect(TransactionalStep.TxnOffsetCommit.class, true);
        assertEquals(GROUP_COORDINATOR, commitOffsets.groupCoordinator());
        assertEquals(group, commitOffsets.group());
        assertEquals(17, commitOffsets.offsets().get(TP0).offset());
        txn.onTxnOffsetCommit(Map.of(TP0, Errors.NONE), now);
        sent.get();
        txn.beginCommit();
        assertTrue(expect(TransactionalStep.EndTxn.class, true).committed(),
                "a transaction with only offsets still ends at the coordinator");
    }

    @Test
    void concurrentTransactionsIsRetriedAfterTheBackoff() {
        initialized();
        txn.beginTransaction();
        txn.maybeAddPartition(TP0);
        expect(TransactionalStep.AddPartitions.class, false);
        txn.onAddPartitions(Map.of(TP0, Errors.CONCURRENT_TRANSACTIONS), now);
        assertEquals(Optional.empty(), txn.nextStep(now, false));
        now += BACKOFF;
        assertEquals(Set.of(TP0), expect(TransactionalStep.AddPartitions.class, false).partitions());
        assertEquals(TransactionState.IN_TRANSACTION, txn.state());
    }

    @Test
    void notCoordinatorMakesTheProducerLookUpTheCoordinatorAgain() {
        initialized();
        inTransactionWith(TP0);
        txn.beginCommit();
        expect(TransactionalStep.EndTxn.class, true);
        txn.onEndTxn(true, Errors.NOT_COORDINATOR, now);
        now += BACKOFF;
        var find = expect(TransactionalStep.FindCoordinator.class, true);
        txn.onFindCoordinator(find, Errors.NONE, GROUP_COORDINATOR, now);
        assertEquals(GROUP_COORDINATOR, expect(TransactionalStep.EndTxn.class, true).coordinator());
    }

    @Test
    void producerFencedIsFatalAndFailsEveryLaterCall() {
        initialized();
        inTransactionWith(TP0);
        CompletableFuture<Void> commit = txn.beginCommit();
        expect(TransactionalStep.EndTxn.class, true);
        txn.onEndTxn(true, Errors.PRODUCER_FENCED, now);
        assertEquals(Errors.PRODUCER_FENCED, ((GregorApiException) failure(commit)).error());
        assertEquals(TransactionState.FATAL_ERROR, txn.state());
        assertEquals(Errors.PRODUCER_FENCED, assertThrows(GregorApiException.class, txn::beginAbort).error());
        assertEquals(Errors.PRODUCER_FENCED, assertThrows(GregorApiException.class, txn::beginTransaction).error());
        assertEquals(Optional.empty(), txn.nextStep(now + 10 * BACKOFF, true));
    }

    @Test
    void aFencedBatchIsFatal() {
        initialized();
        inTransactionWith(TP0);
        txn.onBatchFailed(TP0, new GregorApiException(Errors.PRODUCER_FENCED, "zombie"), true);
        assertEquals(TransactionState.FATAL_ERROR, txn.state());
        assertThrows(GregorApiException.class, () -> txn.maybeAddPartition(TP1));
    }

    @Test
    void anInvalidEpochOnABatchIsAbortableAndTheAbortDecidesWhetherTheProducerWasFenced() {
        initialized();
        inTransactionWith(TP0);
        txn.onBatchFailed(TP0, new GregorApiException(Errors.INVALID_PRODUCER_EPOCH, "stale epoch"), true);
        assertEquals(TransactionState.ABORTABLE_ERROR, txn.state());
        CompletableFuture<Void> abort = txn.beginAbort();
        expect(TransactionalStep.EndTxn.class, true);
        txn.onEndTxn(false, Errors.PRODUCER_FENCED, now);
        assertEquals(Errors.PRODUCER_FENCED, ((GregorApiException) failure(abort)).error());
        assertEquals(TransactionState.FATAL_ERROR, txn.state());
    }

    @Test
    void initProducerIdFencedFailsInitTransactions() {
        CompletableFuture<Void> init = txn.initializeTransactions();
        var find = expect(TransactionalStep.FindCoordinator.class, true);
        txn.onFindCoordinator(find, Errors.NONE, COORDINATOR, now);
        expect(TransactionalStep.InitProducerId.class, true);
        txn.onInitProducerId(Errors.PRODUCER_FENCED, -1, (short) -1, now);
        assertEquals(Errors.PRODUCER_FENCED, ((GregorApiException) failure(init)).error());
    }

    @Test
    void aFailedBatchMakesTheTransactionAbortableAndOnlyAbortIsAllowed() throws Exception {
        initialized();
        inTransactionWith(TP0);
        txn.onBatchFailed(TP0, new GregorApiException(Errors.MESSAGE_TOO_LARGE, "too big"), false);
        assertEquals(TransactionState.ABORTABLE_ERROR, txn.state());
        assertEquals(Errors.MESSAGE_TOO_LARGE, assertThrows(GregorApiException.class, txn::beginCommit).error());
        assertThrows(GregorApiException.class, () -> txn.maybeAddPartition(TP1));
        assertTrue(txn.failsQueuedBatches());
        CompletableFuture<Void> abort = txn.beginAbort();
        var end = expect(TransactionalStep.EndTxn.class, true);
        assertFalse(end.committed());
        txn.onEndTxn(false, Errors.NONE, now);
        var bump = expect(TransactionalStep.InitProducerId.class, true);
        assertEquals((short) 3, bump.producerEpoch(), "as Kafka's producer, a failed transaction ends with an epoch bump");
        txn.onInitProducerId(Errors.NONE, 42L, (short) 4, now);
        abort.get();
        assertEquals(TransactionState.READY, txn.state());
        txn.beginTransaction();
    }

    @Test
    void abortingAfterASentBatchFailedBumpsTheEpochBeforeTheNextTransaction() throws Exception {
        initialized();
        inTransactionWith(TP0);
        txn.onBatchFailed(TP0, new GregorApiException(Errors.REQUEST_TIMED_OUT, "expired"), true);
        CompletableFuture<Void> abort = txn.beginAbort();
        expect(TransactionalStep.EndTxn.class, true);
        txn.onEndTxn(false, Errors.NONE, now);
        assertFalse(abort.isDone(), "the abort completes once the epoch is bumped");
        var bump = expect(TransactionalStep.InitProducerId.class, true);
        assertEquals(42L, bump.producerId());
        assertEquals((short) 3, bump.producerEpoch());
        txn.onInitProducerId(Errors.NONE, 42L, (short) 4, now);
        abort.get();
        assertEquals((short) 4, txn.producerEpoch());
        assertEquals(TransactionState.READY, txn.state());
    }

    @Test
    void aFencedConsumerGenerationMakesTheTransactionAbortable() {
        initialized();
        txn.beginTransaction();
        CompletableFuture<Void> sent = txn.sendOffsetsToTransaction(Map.of(TP0, new OffsetAndMetadata(1)),
                new ConsumerGroupMetadata("g", 1, "m", null));
        expect(TransactionalStep.AddOffsets.class, true);
        txn.onAddOffsets(Errors.NONE, now);
        var find = expect(TransactionalStep.FindCoordinator.class, true);
        txn.onFindCoordinator(find, Errors.NONE, GROUP_COORDINATOR, now);
        expect(TransactionalStep.TxnOffsetCommit.class, true);
        txn.onTxnOffsetCommit(Map.of(TP0, Errors.ILLEGAL_GENERATION), now);
        assertEquals(Errors.ILLEGAL_GENERATION, ((GregorApiException) failure(sent)).error());
        assertEquals(TransactionState.ABORTABLE_ERROR, txn.state());
    }

    @Test
    void callsOutOfOrderAreRefusedWithoutChangingTheState() {
        assertThrows(IllegalStateException.class, txn::beginTransaction);
        assertThrows(IllegalStateException.class, () -> txn.maybeAddPartition(TP0));
        initialized();
        assertThrows(IllegalStateException.class, () -> txn.maybeAddPartition(TP0));
        assertThrows(IllegalStateException.class, txn::beginCommit);
        assertThrows(IllegalStateException.class, txn::beginAbort);
        assertThrows(IllegalStateException.class, txn::initializeTransactions);
        txn.beginTransaction();
        assertThrows(IllegalStateException.class, txn::beginTransaction);
        assertEquals(TransactionState.IN_TRANSACTION, txn.state());
    }

    @Test
    void queuedBatchesFailWhileTheTransactionAborts() {
        initialized();
        inTransactionWith(TP0);
        assertFalse(txn.failsQueuedBatches());
        txn.beginAbort();
        assertTrue(txn.failsQueuedBatches());
        assertFalse(txn.isSendToPartitionAllowed(TP0));
    }

    @Test
    void everyStateTransitionKafkaForbidsIsRefused() {
        assertFalse(TransactionState.READY.canTransitionTo(TransactionState.COMMITTING_TRANSACTION));
        assertFalse(TransactionState.ABORTABLE_ERROR.canTransitionTo(TransactionState.COMMITTING_TRANSACTION));
        assertFalse(TransactionState.UNINITIALIZED.canTransitionTo(TransactionState.IN_TRANSACTION));
        assertTrue(TransactionState.FATAL_ERROR.canTransitionTo(TransactionState.FATAL_ERROR));
        for (TransactionState s : TransactionState.values()) {
            assertFalse(TransactionState.FATAL_ERROR.canTransitionTo(s) && s != TransactionState.FATAL_ERROR,
                    "a fatal error is final, not left for " + s);
        }
    }
}
