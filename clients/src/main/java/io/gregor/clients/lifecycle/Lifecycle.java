package io.gregor.clients.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The lifecycle state of a long-lived component that is started once and closed once, kept as
 * Curator's {@code LeaderLatch} keeps it: one {@link AtomicReference} moved by compare-and-set
 * through {@link State#LATENT} &rarr; {@link State#STARTED} &rarr; {@link State#CLOSED}.
 *
 * <ul>
 *   <li>{@link #start()} succeeds once, from LATENT. A second start, or a start after close, throws
 *       {@link IllegalStateException} before the component does anything, so a component can never
 *       hold two sets of threads, listeners or ZooKeeper nodes.</li>
 *   <li>{@link #close()} succeeds from LATENT or STARTED and tells the caller which, so that a
 *       component closed before it started frees only what its constructor made. A second close is
 *       a no-op returning {@link State#CLOSED}, as {@link java.io.Closeable#close()} asks. Here we
 *       part from {@code LeaderLatch}, whose second close throws: shutdown paths (a broker whose
 *       startup failed half-way, a test's cleanup after the broker stopped itself) close everything
 *       they hold, and Curator's own documentation warns that its throwing close is a trap for
 *       exactly these paths. Curator's caches and {@code CuratorFramework} make close idempotent too.</li>
 * </ul>
 *
 * <p>A component that has a startup step owns one of these in a field and calls {@link #start()}
 * first thing in its start method and {@link #close()} first thing in its close method. The state is
 * its own guard: it is read and written only through the atomic reference. Thread-safe.
 */
public final class Lifecycle {

    /** The states of a component, in the only order they can be taken. */
    public enum State {
        /** Built, not started: nothing runs yet. */
        LATENT,
        /** Started: its threads, listeners or registrations are live. */
        STARTED,
        /** Closed: stopped for good; it cannot be started again. */
        CLOSED
    }

    private final String component;
    /** Moved only by compare-and-set, LATENT to STARTED to CLOSED, or LATENT to CLOSED. */
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

    /** @param component names the component in the refusal messages, e.g. "Controller election of broker 1" */
    public Lifecycle(String component) {
        this.component = component;
    }

    /**
     * Moves LATENT to STARTED.
     *
     * @throws IllegalStateException if the component was already started or has been closed
     */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException(component + (state.get() == State.CLOSED
                    ? " cannot be started after it was closed" : " cannot be started more than once"));
        }
    }

    /**
     * Moves to CLOSED and returns the state it left: LATENT (never started: free only what the
     * constructor made), STARTED (stop what start began), or CLOSED (already closed: do nothing).
     */
    public State close() {
        while (true) {
            State current = state.get();
            if (current == State.CLOSED || state.compareAndSet(current, State.CLOSED)) {
                return current;
            }
        }
    }

    /** The current state. */
    public State state() {
        return state.get();
    }

    /** True between a successful {@link #start()} and the first {@link #close()}. */
    public boolean isStarted() {
        return state.get() == State.STARTED;
    }

    /** True once {@link #close()} has been called. */
    public boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    /**
     * Refuses an operation that needs a started component.
     *
     * @throws IllegalStateException naming {@code action} when the component is not started
     */
    public void ensureStarted(String action) {
        State current = state.get();
        if (current != State.STARTED) {
            throw new IllegalStateException(component + " cannot " + action + (current == State.CLOSED
                    ? ": it is closed" : ": it has not been started"));
        }
    }

    @Override
    public String toString() {
        return component + " " + state.get();
    }
}
