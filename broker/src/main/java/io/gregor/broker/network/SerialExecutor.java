package io.gregor.broker.network;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks given to it one at a time, in the order given, each on the pool it names: the
 * requests of one connection are handled in request order (as Kafka does by muting a connection
 * while a request is in flight), so pipelined Produce requests append in the order they were sent,
 * which idempotent producers with several in-flight requests rely on. Different connections still
 * run in parallel. A task meant for another pool than the one running hands the rest of the queue
 * over to that pool, so order holds across pools. Thread safe.
 */
final class SerialExecutor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    /** A task and the pool it must run on. */
    private record Task(Runnable runnable, Executor pool) {
    }

    private final String owner;
    private final ArrayDeque<Task> tasks = new ArrayDeque<>(); // guarded by this
    private boolean draining;                                  // guarded by this

    SerialExecutor(String owner) {
        this.owner = owner;
    }

    /** @throws RejectedExecutionException when the pool refuses work (it is shutting down); the task is dropped */
    void execute(Runnable task, Executor pool) {
        synchronized (this) {
            tasks.add(new Task(task, pool));
            if (draining) {
                return;
            }
            draining = true;
        }
        submitDrain(pool);
    }

    /**
     * True when no task is queued or running. Only the thread that calls {@link #execute} can end that,
     * so for it the answer holds until it next calls execute.
     */
    synchronized boolean isIdle() {
        return !draining;
    }

    private void submitDrain(Executor pool) {
        try {
            pool.execute(() -> drain(pool));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                tasks.clear();
                draining = false;
            }
            throw e;
        }
    }

    private void drain(Executor current) {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null) {
                    draining = false;
                    return;
                }
                if (next.pool() != current) {
                    break; // the next task runs elsewhere; still draining, so nothing overtakes it
                }
                tasks.poll();
            }
            try {
                next.runnable().run();
            } catch (RuntimeException | Error e) {
                log.error("Task of {} failed", owner, e);
            }
        }
        Executor other;
        synchronized (this) {
            other = tasks.peek().pool();
        }
        try {
            submitDrain(other);
        } catch (RejectedExecutionException e) {
            log.debug("Tasks of {} dropped: the request pool is shut down", owner);
        }
    }
}
