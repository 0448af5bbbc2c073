package io.gregor.broker.network;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the open connections per listener, per client address and in all, against the
 * {@link ConnectionLimits}, with Kafka's semantics:
 * <ul>
 *   <li>a listener with as many connections as its limit, or the broker with {@code max.connections},
 *       accepts no more until one closes: new connections wait, unanswered, as in a full backlog;</li>
 *   <li>the inter-broker listener, when the broker has several listeners, is exempt from
 *       {@code max.connections} (only its own listener limit applies), so that replication and the
 *       controller always get through; when that takes the total past {@code max.connections}, the
 *       least recently active connection of another listener is closed;</li>
 *   <li>a connection from an address that already has its limit ({@code max.connections.per.ip} or its
 *       override) is closed as soon as it is accepted.</li>
 * </ul>
 * Thread-safe (guarded by {@code this}); the slot listeners are called outside the lock.
 */
final class ConnectionQuotas {
    private volatile ConnectionLimits limits; // replaced by updateLimits (dynamic max.connections*)
    private final boolean severalListeners;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>(); // guarded by this
    private final Map<String, Integer> perListener = new HashMap<>();     // guarded by this
    private int total;                                                   // guarded by this
    /** Told when a connection closes (a slot may be free): resumes paused listeners. */
    private final List<Runnable> slotListeners = new CopyOnWriteArrayList<>();

    ConnectionQuotas(ConnectionLimits limits, int listenerCount) {
        this.limits = limits;
        this.severalListeners = listenerCount > 1;
    }

    /** Whether {@code listener} is exempt from {@code max.connections}. */
    boolean isProtected(String listener) {
        return severalListeners && listener.equals(limits.interBrokerListenerName());
    }

    /** Whether {@code listener} may accept a connection now. */
    synchronized boolean slotAvailable(String listener) {
        if (perListener.getOrDefault(listener, 0) >= limits.maxConnectionsOn(listener)) {
            return false;
        }
        return isProtected(listener) || total < limits.maxConnections();
    }

    /**
     * Counts a connection from {@code address} on {@code listener} (whose slot was checked) unless
     * that address has its limit already.
     *
     * @return -1 when counted, else the per-address limit that refused it
     */
    synchronized int tryAdd(String listener, InetAddress address) {
        int fromAddress = perAddress.getOrDefault(address, 0);
        int limit = limits.maxConnectionsFrom(address);
        if (fromAddress >= limit) {
            return limit;
        }
        perAddress.put(address, fromAddress + 1);
        perListener.merge(listener, 1, Integer::sum);
        total++;
        return -1;
    }

    /** Uncounts a connection counted by {@link #tryAdd} and tells the slot listeners. */
    void remove(String listener, InetAddress address) {
        synchronized (this) {
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
            perListener.computeIfPresent(listener, (l, n) -> n <= 1 ? null : n - 1);
            total--;
        }
        slotListeners.forEach(Runnable::run);
    }

    /** True when connections beyond {@code max.connections} are open (the inter-broker listener took them). */
    synchronized boolean overBrokerLimit() {
        return total > limits.maxConnections();
    }

    /**
     * Applies new limits (a dynamic {@code max.connections*} change) to the connections accepted from
     * now on; open connections stay, as in Kafka. Paused listeners are told, a raised limit may free a slot.
     */
    void updateLimits(ConnectionLimits newLimits) {
        synchronized (this) {
            limits = newLimits;
        }
        slotListeners.forEach(Runnable::run);
    }

    void onSlotFreed(Runnable listener) {
        slotListeners.add(listener);
    }

    synchronized int total() {
        return total;
    }

    synchronized int from(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    ConnectionLimits limits() {
        return limits;
    }
}
