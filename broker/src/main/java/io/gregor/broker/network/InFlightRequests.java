package io.gregor.broker.network;

import java.util.concurrent.TimeUnit;

/**
 * Counts the requests accepted by the server whose responses have not been sent (or dropped with
 * their connection), so shutdown can wait for them. Thread-safe (guarded by {@code this}).
 */
final class InFlightRequests {
    private int count;

    synchronized void added() {
        count++;
    }

    synchronized void removed(int n) {
        count -= n;
        if (count <= 0) {
            count = 0;
            notifyAll();
        }
    }

    synchronized int count() {
        return count;
    }

    /** Waits until no request is in flight or the timeout passes; returns true if none is left. */
    synchronized boolean awaitNone(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
