package io.gregor.replication.purgatory;

import java.util.ArrayList;
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

    /** Records the checks it gets: key-less ones counted, keyed ones listed. */
    static final class KeyedGate extends DelayedOperation {
        final AtomicBoolean ready = new AtomicBoolean();
        final AtomicInteger keylessChecks = new AtomicInteger();
        final List<Object> keyedChecks = new ArrayList<>(); // guarded by this operation's monitor

        KeyedGate(long delayMs) {
            super(delayMs);
        }

        @Override
        protected boolean tryComplete() {
            keylessChecks.incrementAndGet();
            return ready.get() && forceComplete();
        }

        @Override
        protected boolean tryComplete(Object key) {
            keyedChecks.add(key);
            return ready.get() && forceComplete();
        }

        @Override
        protected void onComplete() {
        }
    }

    @Test
    void aWakeChecksEachOperationForTheKeyThatWasWoken() {
        KeyedGate gate = new KeyedGate(60_000);
        assertFalse(purgatory.tryCompleteElseWatch(gate, List.of("a", "b")));
        assertEquals(2, gate.keylessChecks.get(), "before and after watching");
        purgatory.checkAndComplete("b");
        gate.ready.set(true);
        assertEquals(1, purgatory.checkAndComplete("a"));
        synchronized (gate) {
            assertEquals(List.of("b", "a"), gate.keyedChecks);
        }
        assertEquals(2, gate.keylessChecks.get(), "no key-less check on a wake");
    }

    @Test
    void watchThenTryCompleteChecksOnceAfterWatchingSoAnEarlierEventIsNotLost() {
        KeyedGate waiting = new KeyedGate(60_000);
        assertFalse(purgatory.watchThenTryComplete(waiting, List.of("k")));
        assertEquals(1, waiting.keylessChecks.get(), "the caller checked before: one check, after the watch");
        assertEquals(1, purgatory.watched());

        KeyedGate alreadyTrue = new KeyedGate(60_000);
        alreadyTrue.ready.set(true); // the event fired between the caller's own check and the watch
        assertTrue(purgatory.watchThenTryComplete(alreadyTrue, List.of("k")));
        assertTrue(alreadyTrue.isCompleted());
        assertEquals(1, purgatory.watched(), "only the first still waits");
    }

    @Test
    void completedOperationsWatchedUnderThousandsOfIdleKeysArePurgedLongBeforeAThousandOperations() {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 5_000; k++) {
            keys.add("idle-" + k); // no event ever checks these keys
        }
        for (int op = 0; op < 40; op++) { // 200,000 entries: two purges' worth, far fewer than 1,000 operations
            Gate gate = new Gate(60_000);
            assertFalse(purgatory.tryCompleteElseWatch(gate, keys));
            gate.forceComplete(); // e.g. its fetch was answered by the caller or expired
        }
        assertTrue(purgatory.watchEntries() <= 100_000,
                "completed operations left in idle lists: " + purgatory.watchEntries() + " entries");
    }
}
