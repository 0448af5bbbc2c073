package io.gregor.broker.network;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The work queue of the request handler threads, measuring how long they wait on it: each wait is
 * reported, divided by the number of handler threads, as Kafka's request handlers report the time
 * they block waiting for a request ({@code RequestHandlerAvgIdlePercent}). A thread waiting with
 * no deadline wakes every {@value #MAX_WAIT_MS} ms to report, so an idle pool shows as idle at once
 * rather than when its next request comes (Kafka's handlers poll their queue likewise). Thread safe.
 */
final class IdleTimingQueue extends LinkedBlockingQueue<Runnable> {
    private static final long MAX_WAIT_MS = 300;

    private final LongConsumer idleNanosPerThread;
    private volatile int threads;

    IdleTimingQueue(LongConsumer idleNanosPerThread, int threads) {
        this.idleNanosPerThread = idleNanosPerThread;
        this.threads = threads;
    }

    /** The number of threads the waits are divided by (a dynamic {@code num.io.threads} change). */
    void threads(int threads) {
        this.threads = Math.max(1, threads);
    }

    @Override
    public Runnable take() throws InterruptedException {
        while (true) {
            Runnable task = poll(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
            if (task != null) {
                return task;
            }
        }
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return super.poll(timeout, unit);
        } finally {
            idleNanosPerThread.accept((System.nanoTime() - start) / threads);
        }
    }
}
