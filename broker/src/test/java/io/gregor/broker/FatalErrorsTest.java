package io.gregor.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {
    private final List<Integer> halts = new CopyOnWriteArrayList<>();

    private void dieInThread(Throwable error) throws InterruptedException {
        Thread thread = new Thread(() -> {
            if (error instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) error;
        }, "doomed");
        thread.setUncaughtExceptionHandler(new FatalErrors(halts::add));
        thread.start();
        thread.join(10_000);
    }

    @Test
    void aThreadDyingOfOutOfMemoryEndsTheProcessWithStatusOne() throws InterruptedException {
        dieInThread(new OutOfMemoryError("Java heap space"));
        assertEquals(List.of(1), halts);
    }

    @Test
    void otherUncaughtExceptionsAreLoggedAndTheProcessGoesOn() throws InterruptedException {
        dieInThread(new IllegalStateException("a bug in one task"));
        dieInThread(new StackOverflowError());
        assertTrue(halts.isEmpty(), "halted: " + halts);
    }
}
