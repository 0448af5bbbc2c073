package io.gregor.broker.group;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the group coordinator checks sessions: each check schedules the next one at the earliest
 * deadline its owner reports (a member's last heartbeat plus its session timeout, a pending member
 * id's expiry), and at most {@code maxIntervalMs} away; a join that brings a deadline before the
 * scheduled check moves the check forward ({@link #checkBy}). So a member expires at its deadline,
 * to the scheduler's precision, not up to a whole interval later (Kafka times each member's
 * heartbeat in a purgatory).
 *
 * <p>Thread safety: guarded by {@code lock}, the owner's monitor: the check runs holding it, and
 * {@link #start}, {@link #checkBy} and {@link #close} must be called holding it.
 */
final class SessionExpiryTimer {
    private static final Logger log = LoggerFactory.getLogger(SessionExpiryTimer.class);

    private final ScheduledExecutorService scheduler;
    private final LongSupplier clock;
    private final long maxIntervalMs;
    private final Object lock;
    private final Runnable check;
    private final LongUnaryOperator earliestDeadline;
    private ScheduledFuture<?> task; // guarded by lock
    private long nextCheckAtMs; // guarded by lock: when task runs, by the clock
    private long generation; // guarded by lock: only the latest scheduled check runs (and schedules the next)
    private boolean closed; // guarded by lock

    /**
     * @param check            the session check, run holding {@code lock}
     * @param earliestDeadline the earliest deadline at or after the given time (Long.MAX_VALUE for none), asked holding {@code lock}
     */
    SessionExpiryTimer(ScheduledExecutorService scheduler, LongSupplier clock, long maxIntervalMs, Object lock,
                       Runnable check, LongUnaryOperator earliestDeadline) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.maxIntervalMs = maxIntervalMs;
        this.lock = lock;
        this.check = check;
        this.earliestDeadline = earliestDeadline;
    }

    /** Schedules the first check, one interval from now. */
    void start() {
        schedule(maxIntervalMs);
    }

    /** Milliseconds from {@code now} until the next check is due: the earliest deadline, at most the interval. */
    long delayFrom(long now) {
        return Math.max(1, Math.min(now + maxIntervalMs, earliestDeadline.applyAsLong(now)) - now);
    }

    /** Brings the next check forward to {@code deadline} if it is due later (a no-op during a check, which reschedules itself). */
    void checkBy(long deadline) {
        if (deadline < nextCheckAtMs && task != null) {
            task.cancel(false);
            schedule(deadline - clock.getAsLong());
        }
    }

    void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void schedule(long delayMs) {
        if (!closed) {
            long delay = Math.max(1, delayMs);
            long scheduled = ++generation;
            nextCheckAtMs = clock.getAsLong() + delay;
            task = scheduler.schedule(() -> run(scheduled), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void run(long scheduled) {
        synchronized (lock) {
            if (scheduled != generation || closed) {
                return; // replaced by an earlier check, or closed
            }
            task = null; // this run schedules the next one
            try {
                check.run();
            } catch (RuntimeException e) {
                log.error("Session-timeout check of the groups failed", e);
            } finally {
                schedule(delayFrom(clock.getAsLong()));
            }
        }
    }
}
