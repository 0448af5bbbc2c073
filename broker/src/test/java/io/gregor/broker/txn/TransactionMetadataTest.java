package io.gregor.broker.txn;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TransactionMetadataTest {
    private final TransactionMetadata md = TransactionMetadata.fresh("tx", 100L, 60_000, 0L);
    private final TopicPartition tp = new TopicPartition("t", 0);

    private TxnTransit apply(TxnTransit t) {
        md.completeTransition(t);
        return t;
    }

    @Test
    void aNewProducerGetsEpochZeroAndEachNewProducerAfterItTheNextEpoch() {
        assertEquals(0, apply(md.prepareIncrementProducerEpoch(60_000, null, 1L).transit()).producerEpoch());
        TxnTransit second = apply(md.prepareIncrementProducerEpoch(60_000, null, 2L).transit());
        assertEquals(1, second.producerEpoch());
        assertEquals(-1, second.lastProducerEpoch());
        assertEquals(TransactionState.EMPTY, md.state);
    }

    @Test
    void producerRecoveringWithItsCurrentEpochIsBumpedAndItsRetryGetsTheSameEpochAgain() {
        apply(md.prepareIncrementProducerEpoch(60_000, null, 1L).transit());
        TxnTransit recovered = apply(md.prepareIncrementProducerEpoch(60_000, (short) 0, 2L).transit());
        assertEquals(1, recovered.producerEpoch());
        assertEquals(0, recovered.lastProducerEpoch());
        TxnTransit retry = apply(md.prepareIncrementProducerEpoch(60_000, (short) 0, 3L).transit());
        assertEquals(1, retry.producerEpoch());
    }

    @Test
    void producerExpectingAnEpochThatIsNeitherCurrentNorPreviousIsFenced() {
        apply(md.prepareIncrementProducerEpoch(60_000, null, 1L).transit());
        apply(md.prepareIncrementProducerEpoch(60_000, null, 2L).transit());
        apply(md.prepareIncrementProducerEpoch(60_000, null, 3L).transit());
        assertEquals(Errors.PRODUCER_FENCED, md.prepareIncrementProducerEpoch(60_000, (short) 0, 4L).error());
        assertEquals(null, md.pendingState);
    }

    @Test
    void transactionRunsFromOngoingThroughPrepareCommitToCompleteCommitWithoutPartitions() {
        apply(md.prepareIncrementProducerEpoch(60_000, null, 1L).transit());
        TxnTransit ongoing = apply(md.prepareAddPartitions(Set.of(tp), 5L));
        assertEquals(5L, ongoing.txnStartTimestamp());
        assertEquals(Set.of(tp), apply(md.prepareAbortOrCommit(TransactionState.PREPARE_COMMIT, 6L)).partitions());
        TxnTransit done = apply(md.prepareComplete(7L));
        assertEquals(TransactionState.COMPLETE_COMMIT, done.state());
        assertEquals(Set.of(), done.partitions());
        assertEquals(8L, apply(md.prepareAddPartitions(Set.of(tp), 8L)).txnStartTimestamp(), "a new transaction starts");
    }

    @Test
    void fencingAnOngoingTransactionBumpsTheEpochOnceEvenAfterAFailedAttempt() {
        apply(md.prepareIncrementProducerEpoch(60_000, null, 1L).transit());
        apply(md.prepareAddPartitions(Set.of(tp), 5L));
        TxnTransit fence = md.prepareFenceProducerEpoch();
        assertEquals(1, fence.producerEpoch());
        md.abandonPending();
        md.hasFailedEpochFence = true;
        assertEquals(0, md.prepareFenceProducerEpoch().producerEpoch(), "the failed bump is reused, not repeated");
    }

    @Test
    void illegalTransitionsAndASecondPreparedTransitionAreRefused() {
        assertThrows(IllegalStateException.class, () -> md.prepareComplete(1L), "Empty cannot complete");
        assertThrows(IllegalStateException.class, () -> md.prepareAbortOrCommit(TransactionState.PREPARE_COMMIT, 1L));
        md.prepareIncrementProducerEpoch(60_000, null, 1L);
        assertThrows(IllegalStateException.class, () -> md.prepareAddPartitions(Set.of(tp), 2L), "one pending at a time");
    }

    @Test
    void exhaustedEpochsRotateToANewProducerIdAtEpochZero() {
        md.producerEpoch = TransactionMetadata.MAX_EPOCH;
        TxnTransit rotated = apply(md.prepareProducerIdRotation(200L, 60_000, 1L, true));
        assertEquals(200L, rotated.producerId());
        assertEquals(0, rotated.producerEpoch());
        assertEquals(100L, md.lastProducerId);
    }
}
