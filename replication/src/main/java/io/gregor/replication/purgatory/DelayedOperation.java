package io.gregor.replication.purgatory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An operation that completes when a condition holds (e.g. every ISR member has an offset, or a
 * fetch has enough bytes) or when its timeout passes, whichever is first. It completes exactly
 * once: {@link #onComplete()} runs once, on the thread that won {@link #forceComplete()}.
 *
 * <p>Subclasses implement {@link #tryComplete()} (check the condition; if it holds call
 * {@link #forceComplete()} and return its result) and {@link #onComplete()} (send the answer,
 * also used on expiry). An operation whose condition spans several keys may also override
 * {@link #tryComplete(Object)} to re-check only what an event on one key can have changed. Both
 * are called under this operation's monitor, so no check runs concurrently with another.
 */
public abstract class DelayedOperation {
    private final long delayMs;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile ScheduledFuture<?> timeout; // set once by the purgatory

    protected DelayedOperation(long delayMs) {
        this.delayMs = delayMs;
    }

    public long delayMs() {
        return delayMs;
    }

    /** Checks the condition; completes and returns true if it holds. */
    protected abstract boolean tryComplete();

    /**
     * Checks the condition after an event on {@code key} (one of the keys it is watched under);
     * completes and returns true if it holds. The default checks everything ({@link #tryComplete()}).
     * An override may assume that what it saw of the other keys at its last check still holds: each
     * of them is woken in its turn when it changes.
     */
    protected boolean tryComplete(Object key) {
        return tryComplete();
    }

    /** Produces the operation's answer; runs exactly once. */
    protected abstract void onComplete();

    /** Runs before {@link #onComplete()} when the timeout, not the condition, completed it. */
    protected void onExpiration() {
    }

    /** Completes now if nobody has; returns true for the caller that did. */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        onComplete();
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    final synchronized boolean safeTryComplete() {
        return !isCompleted() && tryComplete();
    }

    final synchronized boolean safeTryComplete(Object key) {
        return !isCompleted() && tryComplete(key);
    }

    final void expire() {
        if (!isCompleted()) {
            synchronized (this) {
                if (forceCompleteOnExpiry()) {
                    return;
                }
            }
        }
    }

    private boolean forceCompleteOnExpiry() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        onExpiration();
        onComplete();
        return true;
    }

    final void setTimeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
        if (isCompleted()) {
            timeout.cancel(false);
        }
    }
}
