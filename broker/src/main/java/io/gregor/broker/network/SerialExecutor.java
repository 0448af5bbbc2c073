package io.gregor.broker.network;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks given to it one at a time, in the order given, on a shared pool: the requests of
 * one connection are handled in request order (as Kafka does by muting a connection while a
 * request is in flight), so pipelined Produce requests append in the order they were sent, which
 * idempotent producers with several in-flight requests rely on. Different connections still run
 * in parallel. Thread safe.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final String owner;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(); // guarded by this
    private boolean draining;                                      // guarded by this

    SerialExecutor(Executor pool, String owner) {
        this.pool = pool;
        this.owner = owner;
    }

    /** @throws RejectedExecutionException when the pool refuses work (it is shutting down); the task is dropped */
    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                tasks.clear();
                draining = false;
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                log.error("Task of {} failed", owner, e);
            }
        }
    }
}
