package io.gregor.replication.isr;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpansionBackoffTest {
    private final AtomicLong nowMs = new AtomicLong(1_000);
    private final ExpansionBackoff backoff = new ExpansionBackoff(1_000, nowMs::get);
    private final TopicPartition tp = new TopicPartition("t", 0);
    private final TopicPartition other = new TopicPartition("t", 1);

    @Test
    void anIneligibleRefusalHoldsExpansionsOfThatPartitionForTheBackoffOnly() {
        assertTrue(backoff.mayExpand(tp));
        assertTrue(backoff.onAnswer(tp, Errors.INELIGIBLE_REPLICA), "the first refusal is reported");
        assertFalse(backoff.mayExpand(tp));
        assertTrue(backoff.mayExpand(other));
        nowMs.addAndGet(999);
        assertFalse(backoff.mayExpand(tp));
        nowMs.addAndGet(1);
        assertTrue(backoff.mayExpand(tp));
    }

    @Test
    void repeatsOfTheSameRefusalAreNotReportedAgainUntilAChangeIsCommitted() {
        assertTrue(backoff.onAnswer(tp, Errors.INELIGIBLE_REPLICA));
        assertFalse(backoff.onAnswer(tp, Errors.INELIGIBLE_REPLICA));
        assertTrue(backoff.onAnswer(tp, Errors.OPERATION_NOT_ATTEMPTED), "another reason is reported");
        assertFalse(backoff.onAnswer(tp, Errors.NONE));
        assertTrue(backoff.mayExpand(tp), "a committed change ends the backoff");
        assertTrue(backoff.onAnswer(tp, Errors.INELIGIBLE_REPLICA));
    }

    @Test
    void otherRefusalsAreReportedAndDoNotHoldExpansions() {
        assertTrue(backoff.onAnswer(tp, Errors.INVALID_UPDATE_VERSION));
        assertTrue(backoff.onAnswer(tp, Errors.INVALID_UPDATE_VERSION));
        assertTrue(backoff.mayExpand(tp));
    }
}
