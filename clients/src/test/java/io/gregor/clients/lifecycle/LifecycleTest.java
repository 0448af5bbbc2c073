package io.gregor.clients.lifecycle;

import io.gregor.clients.lifecycle.Lifecycle.State;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {

    @Test
    void aNewComponentIsLatentAndStartsOnce() {
        Lifecycle lifecycle = new Lifecycle("Widget 7");
        assertEquals(State.LATENT, lifecycle.state());
        lifecycle.start();
        assertTrue(lifecycle.isStarted());
        assertEquals("Widget 7 cannot be started more than once", assertThrows(IllegalStateException.class, lifecycle::start).getMessage());
        assertTrue(lifecycle.isStarted());
    }

    @Test
    void startAfterCloseIsRefusedAndTheComponentStaysClosed() {
        Lifecycle lifecycle = new Lifecycle("Widget 7");
        lifecycle.start();
        assertEquals(State.STARTED, lifecycle.close());
        assertEquals("Widget 7 cannot be started after it was closed", assertThrows(IllegalStateException.class, lifecycle::start).getMessage());
        assertTrue(lifecycle.isClosed());
    }

    @Test
    void closeTellsWhatItLeftAndASecondCloseIsANoOp() {
        Lifecycle neverStarted = new Lifecycle("Widget 7");
        assertEquals(State.LATENT, neverStarted.close());
        assertEquals(State.CLOSED, neverStarted.close());
        assertThrows(IllegalStateException.class, neverStarted::start);
    }

    @Test
    void ensureStartedRefusesBeforeStartAndAfterClose() {
        Lifecycle lifecycle = new Lifecycle("Widget 7");
        assertEquals("Widget 7 cannot add a partition: it has not been started", assertThrows(IllegalStateException.class, () -> lifecycle.ensureStarted("add a partition")).getMessage());
        lifecycle.start();
        lifecycle.ensureStarted("add a partition");
        lifecycle.close();
        assertEquals("Widget 7 cannot add a partition: it is closed", assertThrows(IllegalStateException.class, () -> lifecycle.ensureStarted("add a partition")).getMessage());
    }

    @Test
    void ofManyConcurrentStartsExactlyOneWinsAndOfManyClosesExactlyOneSeesTheStartedState() throws Exception {
        Lifecycle lifecycle = new Lifecycle("Widget 7");
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger closesOfStarted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    lifecycle.start();
                    starts.incrementAndGet();
                } catch (IllegalStateException | InterruptedException refused) {
                    // expected for all but one
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        threads.clear();
        for (int i = 0; i < 8; i++) {
            threads.add(new Thread(() -> {
                if (lifecycle.close() == State.STARTED) {
                    closesOfStarted.incrementAndGet();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, starts.get());
        assertEquals(1, closesOfStarted.get());
        assertTrue(lifecycle.isClosed());
    }
}
