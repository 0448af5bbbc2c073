package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Struct;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds client requests while the broker starts, so that no client sees it answer as an empty
 * cluster (a Metadata response without itself or its topics, UNKNOWN_TOPIC_OR_PARTITION for topics
 * that exist, a new topic placed on this broker alone because its metadata knows no other broker).
 *
 * <p>The gate opens once the broker is registered and has applied an UpdateMetadata sent for that
 * registration ({@link #awaitMetadataFor}, {@link #metadataApplied}): the controller sends it after
 * the broker's LeaderAndIsr, so from then on the broker serves what metadata says it leads. Until
 * then every request except the controller's and the inter-broker control APIs
 * ({@link #ALWAYS_SERVED}; ApiVersions is never gated) waits in one queue, and when the gate opens
 * they are handled in arrival order, before any request that arrives later: the requests of one
 * connection keep their order. A request still held after {@code maxHoldMs} closes its connection
 * (with every other request of that connection held with it) and a log line; clients treat a
 * disconnect as retriable and reconnect, to this broker or another. Thread-safe.
 */
public final class ReadinessGate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadinessGate.class);

    /** Served at once: the controller's requests and those sent to the controller by brokers. */
    public static final Set<ApiKey> ALWAYS_SERVED = EnumSet.of(ApiKey.LEADER_AND_ISR, ApiKey.UPDATE_METADATA,
            ApiKey.STOP_REPLICA, ApiKey.CONTROLLED_SHUTDOWN, ApiKey.ALTER_PARTITION);
    /** Broker epoch in an UpdateMetadata that carries none (versions before 5). */
    public static final long UNKNOWN_BROKER_EPOCH = -1;

    private enum State { HOLDING, DRAINING, OPEN, CLOSED }

    private record Held(ApiHandler handler, RequestContext context, Struct request, CompletableFuture<Struct> response) {
    }

    private final int brokerId;
    private final long maxHoldMs;
    private final ScheduledExecutorService timer;
    private final Executor drainer;
    private final long createdNanos = System.nanoTime();
    private final Object lock = new Object();
    private State state = State.HOLDING;                          // guarded by lock
    private final ArrayDeque<Held> held = new ArrayDeque<>();      // guarded by lock
    private long awaitedBrokerEpoch = Long.MIN_VALUE;              // guarded by lock; MIN_VALUE = not registered yet
    private final Set<Long> appliedBrokerEpochs = new HashSet<>(); // guarded by lock; UpdateMetadata seen before registration

    /**
     * @param maxHoldMs how long a request may wait for the gate before its connection is closed
     * @param timer     runs the hold timeouts
     * @param drainer   handles the held requests once the gate opens (one task, in order)
     */
    public ReadinessGate(int brokerId, long maxHoldMs, ScheduledExecutorService timer, Executor drainer) {
        this.brokerId = brokerId;
        this.maxHoldMs = maxHoldMs;
        this.timer = timer;
        this.drainer = drainer;
    }

    /** A registry with the handlers of {@code all}, those not {@link #ALWAYS_SERVED} behind this gate. */
    public ApiHandlerRegistry gate(ApiHandlerRegistry all) {
        ApiHandlerRegistry gated = new ApiHandlerRegistry();
        for (ApiKey key : all.registeredApis()) {
            ApiHandler handler = all.handler(key);
            gated.register(key, ALWAYS_SERVED.contains(key) ? handler : wrap(handler));
        }
        return gated;
    }

    /** {@code handler} behind this gate. */
    public ApiHandler wrap(ApiHandler handler) {
        return (context, request) -> {
            Held waiting;
            synchronized (lock) {
                if (state == State.OPEN) {
                    waiting = null;
                } else if (state == State.CLOSED) {
                    return CompletableFuture.failedFuture(new CloseConnectionException("broker " + brokerId
                            + " is shutting down before it was ready (client " + context.clientId() + ")"));
                } else {
                    waiting = new Held(handler, context, request, new CompletableFuture<>());
                    held.add(waiting);
                }
            }
            if (waiting == null) {
                return handler.handle(context, request);
            }
            scheduleTimeout(waiting);
            return waiting.response();
        };
    }

    /** The broker registered with {@code brokerEpoch}: the gate opens at the UpdateMetadata for it. */
    public void awaitMetadataFor(long brokerEpoch) {
        synchronized (lock) {
            awaitedBrokerEpoch = brokerEpoch;
            if (appliedBrokerEpochs.contains(brokerEpoch) || appliedBrokerEpochs.contains(UNKNOWN_BROKER_EPOCH)) {
                openLocked(brokerEpoch);
            }
        }
    }

    /** An UpdateMetadata sent for {@code brokerEpoch} ({@link #UNKNOWN_BROKER_EPOCH} if it names none) was applied. */
    public void metadataApplied(long brokerEpoch) {
        synchronized (lock) {
            if (state != State.HOLDING) {
                return;
            }
            if (awaitedBrokerEpoch == Long.MIN_VALUE) {
                appliedBrokerEpochs.add(brokerEpoch);
            } else if (brokerEpoch == awaitedBrokerEpoch || brokerEpoch == UNKNOWN_BROKER_EPOCH) {
                openLocked(brokerEpoch);
            }
        }
    }

    /** True once requests pass straight through. */
    public boolean isOpen() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    private void openLocked(long brokerEpoch) {
        if (state != State.HOLDING) {
            return;
        }
        state = State.DRAINING;
        log.info("Broker {} is registered (broker epoch {}) and has its metadata, {} ms after start; serving clients, "
                + "{} held requests first", brokerId, brokerEpoch,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - createdNanos), held.size());
        try {
            drainer.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain();
        }
    }

    private void drain() {
        while (true) {
            Held next;
            synchronized (lock) {
                next = held.poll();
                if (next == null) {
                    if (state == State.DRAINING) {
                        state = State.OPEN;
                    }
                    return;
                }
            }
            CompletableFuture<Struct> response = next.response();
            try {
                CompletableFuture<Struct> handled = next.handler().handle(next.context(), next.request());
                handled.whenComplete((r, e) -> {
                    if (e != null) {
                        response.completeExceptionally(e);
                    } else {
                        response.complete(r);
                    }
                });
            } catch (Throwable t) {
                response.completeExceptionally(t);
            }
        }
    }

    private void scheduleTimeout(Held waiting) {
        try {
            timer.schedule(() -> expire(waiting), maxHoldMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            expire(waiting);
        }
    }

    /** Fails {@code waiting} and every other held request of its connection, if still held. */
    private void expire(Held waiting) {
        String connection = waiting.context().connectionId();
        List<Held> expired = new ArrayList<>();
        synchronized (lock) {
            if (!held.contains(waiting)) {
                return;
            }
            for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
                Held h = it.next();
                if (h.context().connectionId().equals(connection)) {
                    expired.add(h);
                    it.remove();
                }
            }
        }
        CloseConnectionException notReady = new CloseConnectionException("broker " + brokerId + " is not ready after "
                + maxHoldMs + " ms (not registered or no metadata from the controller yet); closing the connection with "
                + expired.size() + " held request(s), first " + waiting.context().apiKey().title + " (client "
                + waiting.context().clientId() + ", correlation id " + waiting.context().correlationId() + ")");
        expired.forEach(h -> h.response().completeExceptionally(notReady));
    }

    /** Releases every held request by closing its connection (shutdown before the broker was ready). */
    @Override
    public void close() {
        List<Held> dropped;
        synchronized (lock) {
            if (state == State.OPEN || state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            dropped = new ArrayList<>(held);
            held.clear();
        }
        CloseConnectionException shuttingDown = new CloseConnectionException("broker " + brokerId
                + " is shutting down before it was ready");
        dropped.forEach(h -> h.response().completeExceptionally(shuttingDown));
    }
}
