package io.gregor.core.cleaner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IoThrottlerTest {
    @Test
    void bytesBeyondTheRateAreSpreadOverTime() throws Exception {
        IoThrottler throttler = new IoThrottler(1_000_000, System::nanoTime); // 1 MB/s
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            throttler.maybeThrottle(50_000); // 500 KB in all: about half a second
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 400 && elapsedMs < 3_000, "took " + elapsedMs + " ms");
    }

    @Test
    void anUnlimitedThrottlerNeverSleeps() throws Exception {
        IoThrottler throttler = IoThrottler.unlimited();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            throttler.maybeThrottle(100_000_000);
        }
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1_000);
    }

    @Test
    void aRaisedRateEndsASleepUnderWay() throws Exception {
        IoThrottler throttler = new IoThrottler(1, System::nanoTime); // 1 byte/s: 100 bytes sleep 100 s
        long start = System.nanoTime();
        CompletableFuture<Void> sleeper = CompletableFuture.runAsync(() -> {
            try {
                throttler.maybeThrottle(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(100)).until(() -> !sleeper.isDone());
        throttler.updateRate(Double.MAX_VALUE);
        sleeper.get(10, TimeUnit.SECONDS);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000);
    }
}
