package io.gregor.coordination.controller;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The controller's threads and its current tenure: one event thread runs every controller event,
 * one at a time; a timer thread fires delayed and periodic events (which then run on the event
 * thread); a prober thread runs the early failure detector's rounds (blocking connects), off the
 * event thread.
 *
 * <p>Work queued for a tenure is dropped if that tenure has ended by the time it runs. Work that
 * throws is logged once; work that finds the controller fenced ({@link ControllerMovedException})
 * ends the tenure. Every method may be called from any thread; events once closed are dropped.
 */
final class ControllerEventQueue implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ControllerEventQueue.class);

    private final int brokerId;
    private final ThreadPoolExecutor eventThread;
    /** Fires delayed and periodic events (which then run on the event thread). */
    private final ScheduledExecutorService timer;
    /** Runs the early failure detector's rounds (blocking connects), off the event thread. */
    private final ScheduledExecutorService prober;
    /** The current tenure, or null; read from any thread, replaced only on the event thread. */
    private volatile ControllerTenure tenure;
    /** What the event thread is doing; written by it, read by the metrics. */
    private volatile ControllerState state = ControllerState.IDLE;

    ControllerEventQueue(int brokerId) {
        this.brokerId = brokerId;
        this.eventThread = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                daemon("controller-event-thread-" + brokerId));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("controller-timer-" + brokerId));
        this.prober = Executors.newSingleThreadScheduledExecutor(daemon("controller-broker-probe-" + brokerId));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The current tenure, or null when this broker does not act as controller. */
    ControllerTenure tenure() {
        return tenure;
    }

    /**
     * On the event thread: ends the current tenure, if any, then starts the one {@code newTenure}
     * makes and runs {@code startup} for it.
     */
    void startTenure(Supplier<ControllerTenure> newTenure, Consumer<ControllerTenure> startup) {
        enqueue(ControllerState.CONTROLLER_CHANGE, () -> {
            endTenure();
            ControllerTenure started = newTenure.get();
            tenure = started;
            runGuarded(started, "startup", () -> startup.accept(started));
        });
    }

    /** On the event thread: ends the current tenure, if any. */
    void endTenureLater() {
        enqueue(ControllerState.CONTROLLER_CHANGE, this::endTenure);
    }

    /**
     * Runs {@code work} on the event thread for the current tenure and completes with its answer:
     * {@code key}'s response with NOT_CONTROLLER when there is no tenure (or the queue is closed),
     * or when the tenure ended during the work; UNKNOWN_SERVER_ERROR when the work failed otherwise.
     */
    CompletableFuture<Struct> serve(ApiKey key, String name, Function<ControllerTenure, Struct> work) {
        CompletableFuture<Struct> result = new CompletableFuture<>();
        Struct notController = errorResponse(key, Errors.NOT_CONTROLLER);
        try {
            eventThread.execute(() -> {
                ControllerTenure owner = tenure;
                if (owner == null) {
                    result.complete(notController);
                    return;
                }
                state = ControllerState.serving(key);
                try {
                    runGuarded(owner, name, () -> result.complete(work.apply(owner)));
                } finally {
                    state = ControllerState.IDLE;
                    recount();
                }
                if (!result.isDone()) {
                    result.complete(tenure == owner ? errorResponse(key, Errors.UNKNOWN_SERVER_ERROR) : notController);
                }
            });
        } catch (RejectedExecutionException closed) {
            result.complete(notController);
        }
        return result;
    }

    /** {@code key}'s response carrying {@code error} in its top-level error code. */
    private static Struct errorResponse(ApiKey key, Errors error) {
        MessageSpec spec = ApiMessages.response(key);
        return spec.newStruct().set(spec.errorCodeField(), error.code());
    }

    /** Queues {@code work} for {@code owner}'s tenure; dropped if the tenure has ended by then. */
    void enqueueFor(ControllerTenure owner, ControllerState as, String name, Runnable work) {
        enqueue(as, () -> {
            if (tenure == owner) {
                runGuarded(owner, name, work);
            }
        });
    }

    /**
     * Queues {@code work} for {@code owner}'s tenure after {@code delayMs}.
     *
     * @throws RejectedExecutionException when the queue is closed
     */
    ScheduledFuture<?> scheduleFor(ControllerTenure owner, ControllerState as, String name, long delayMs, Runnable work) {
        return timer.schedule(() -> enqueueFor(owner, as, name, work), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Queues {@code work} for {@code owner}'s tenure every {@code intervalMs}; cancel the result to stop. */
    ScheduledFuture<?> scheduleEveryFor(ControllerTenure owner, ControllerState as, String name, long intervalMs,
                                        Runnable work) {
        return timer.scheduleWithFixedDelay(() -> enqueueFor(owner, as, name, work), intervalMs, intervalMs,
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code round} on the prober thread (not the event thread) every {@code intervalMs}. */
    ScheduledFuture<?> probeEvery(long intervalMs, Runnable round) {
        return prober.scheduleWithFixedDelay(round, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Most often the counts are retaken after a burst of events: at least this often while events keep coming. */
    static final long COUNTS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * The counts of the current tenure's partitions (zeros without a tenure), retaken after an event
     * that leaves the queue empty, or after any event once the last count is {@link #COUNTS_MAX_AGE_NANOS}
     * old: counting walks every partition, so a burst of events (a 10,000-partition topic's creation
     * slices, a broker failure's AlterPartitions) is counted once, not once per event.
     */
    private volatile ControllerCounts counts = ControllerCounts.NONE;
    private long countedAtNanos = System.nanoTime(); // event thread only

    /** What the metrics read: the partition counts as of the last time the controller was idle (or within 1 s). */
    ControllerCounts counts() {
        return counts;
    }

    /** Kafka's ControllerState: what the event thread is doing now ({@link ControllerState#IDLE} between events). */
    ControllerState state() {
        return state;
    }

    private void enqueue(ControllerState as, Runnable event) {
        try {
            eventThread.execute(() -> {
                state = as;
                try {
                    event.run();
                } finally {
                    state = ControllerState.IDLE;
                    recount();
                }
            });
        } catch (RejectedExecutionException closed) {
            log.debug("Controller {} is closed; event dropped", brokerId);
        }
    }

    /** On the event thread, after an event: retakes the counts when the queue is empty or they are old. */
    private void recount() {
        long now = System.nanoTime();
        if (eventThread.getQueue().isEmpty() || now - countedAtNanos >= COUNTS_MAX_AGE_NANOS) {
            ControllerTenure current = tenure;
            counts = current == null ? ControllerCounts.NONE : ControllerCounts.of(current.context);
            countedAtNanos = now;
        }
    }

    private void runGuarded(ControllerTenure owner, String name, Runnable work) {
        try {
            work.run();
        } catch (ControllerMovedException moved) {
            log.warn("Controller {} (epoch {}) was fenced during {}: {}", brokerId, owner.context.epoch, name, moved.getMessage());
            if (tenure == owner) {
                endTenure();
            }
        } catch (RuntimeException e) {
            log.error("Controller {} (epoch {}): {} failed", brokerId, owner.context.epoch, name, e);
        }
    }

    private void endTenure() {
        ControllerTenure ended = tenure;
        if (ended == null) {
            return;
        }
        tenure = null;
        ended.close();
        log.info("Controller {} stopped acting for epoch {}", brokerId, ended.context.epoch);
    }

    /** Ends the tenure (if any), then stops the timers and the event thread (waiting up to 10 s). */
    @Override
    public void close() {
        enqueue(ControllerState.CONTROLLER_SHUTDOWN, this::endTenure);
        timer.shutdownNow();
        prober.shutdownNow();
        eventThread.shutdown();
        try {
            if (!eventThread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Controller event thread of broker {} did not stop in time", brokerId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
