package io.gregor.replication.purgatory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delayed operations complete once: on a key's event when their condition holds, else on timeout. */
class DelayedOperationPurgatoryTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final DelayedOperationPurgatory<String> purgatory = new DelayedOperationPurgatory<>("test", timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** Completes when {@code ready} is set. */
    static final class Gate extends DelayedOperation {
        final AtomicBoolean ready = new AtomicBoolean();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicBoolean expired = new AtomicBoolean();

        Gate(long delayMs) {
            super(delayMs);
        }

        @Override
        protected boolean tryComplete() {
            return ready.get() && forceComplete();
        }

        @Override
        protected void onExpiration() {
            expired.set(true);
        }

        @Override
        protected void onComplete() {
            completions.incrementAndGet();
        }
    }

    @Test
    void anOperationWatchedUnderTwoKeysCompletesOnceWhenEitherKeyFires() {
        Gate gate = new Gate(60_000);
        assertFalse(purgatory.tryCompleteElseWatch(gate, List.of("a", "b")));
        assertEquals(0, purgatory.checkAndComplete("a"), "condition not yet true");
        gate.ready.set(true);
        assertEquals(1, purgatory.checkAndComplete("b"));
        assertEquals(0, purgatory.checkAndComplete("a"));
        assertEquals(1, gate.completions.get());
        assertFalse(gate.expired.get());
        assertEquals(0, purgatory.watched());
    }

    @Test
    void anOperationWhoseConditionNeverHoldsExpiresOnce() {
        Gate gate = new Gate(50);
        purgatory.tryCompleteElseWatch(gate, List.of("k"));
        await().atMost(5, TimeUnit.SECONDS).until(gate::isCompleted);
        assertTrue(gate.expired.get());
        gate.ready.set(true);
        purgatory.checkAndComplete("k");
        assertEquals(1, gate.completions.get());
    }

    @Test
    void anOperationThatCanCompleteAtOnceIsNeverWatched() {
        Gate gate = new Gate(60_000);
        gate.ready.set(true);
        assertTrue(purgatory.tryCompleteElseWatch(gate, List.of("k")));
        assertEquals(0, purgatory.watched());
    }
}
