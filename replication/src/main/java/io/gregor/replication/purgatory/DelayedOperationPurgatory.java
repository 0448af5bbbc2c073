package io.gregor.replication.purgatory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds delayed operations until an event on one of their keys (a partition's log end offset or
 * high watermark moved, its leadership changed) lets them complete, or their timeout passes.
 * Nothing polls: callers wake a key with {@link #checkAndComplete(Object)} when something changed.
 *
 * <p>Thread safe. An operation watched under several keys completes once (see
 * {@link DelayedOperation}); completed operations are dropped from the watch lists lazily, when
 * their key is next checked, and eagerly by {@link #purgeCompleted()} when lists grow.
 *
 * @param <K> the key type, e.g. a topic-partition
 */
public final class DelayedOperationPurgatory<K> {
    private static final Logger log = LoggerFactory.getLogger(DelayedOperationPurgatory.class);
    private static final int PURGE_INTERVAL = 1000;
    /**
     * Watch entries (an operation times its keys) after which completed operations are purged even
     * before {@link #PURGE_INTERVAL} operations: a follower fetch of a 10,000-partition cluster watches
     * thousands of keys, and idle partitions' lists are never checked, so 1,000 such operations left
     * millions of entries holding completed operations.
     */
    private static final int PURGE_ENTRIES = 100_000;

    private final String name;
    private final ScheduledExecutorService timer;
    private final Map<K, ConcurrentLinkedQueue<DelayedOperation>> watchers = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger watchedSincePurge = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger entriesSincePurge = new java.util.concurrent.atomic.AtomicInteger();

    /** @param timer runs expirations; its threads must not be blocked by the operations' answers */
    public DelayedOperationPurgatory(String name, ScheduledExecutorService timer) {
        this.name = name;
        this.timer = timer;
    }

    /**
     * Completes {@code operation} now if it can; otherwise watches it under {@code keys} and
     * schedules its expiry. Returns true if it completed right away.
     */
    public boolean tryCompleteElseWatch(DelayedOperation operation, List<K> keys) {
        if (operation.safeTryComplete()) {
            return true;
        }
        return watchThenTryComplete(operation, keys);
    }

    /**
     * For a caller that has just found the condition false itself: watches {@code operation} under
     * {@code keys}, then checks it once (an event between the caller's check and the watch found
     * nobody to wake), and schedules its expiry unless that check completed it. Returns true if
     * the check completed it.
     */
    public boolean watchThenTryComplete(DelayedOperation operation, List<K> keys) {
        for (K key : keys) {
            if (operation.isCompleted()) {
                return false;
            }
            // Added inside compute so that it cannot race with the removal of an emptied watch list
            // (an operation added to a list that is being dropped would never be woken).
            watchers.compute(key, (k, ops) -> {
                ConcurrentLinkedQueue<DelayedOperation> list = ops == null ? new ConcurrentLinkedQueue<>() : ops;
                list.add(operation);
                return list;
            });
        }
        // an event may have fired between the caller's check and the watch
        if (operation.safeTryComplete()) {
            return true;
        }
        if (!operation.isCompleted()) {
            operation.setTimeout(timer.schedule(() -> expireSafely(operation), operation.delayMs(),
                    TimeUnit.MILLISECONDS));
        }
        if (watchedSincePurge.incrementAndGet() >= PURGE_INTERVAL
                || entriesSincePurge.addAndGet(keys.size()) >= PURGE_ENTRIES) {
            purgeCompleted();
        }
        return false;
    }

    private void expireSafely(DelayedOperation operation) {
        try {
            operation.expire();
        } catch (RuntimeException e) {
            log.error("Delayed operation {} in purgatory {} failed on expiry", operation, name, e);
        }
    }

    /**
     * Tries to complete every operation watched under {@code key}, each by its check for that key
     * ({@link DelayedOperation#tryComplete(Object)}); returns how many completed.
     */
    public int checkAndComplete(K key) {
        ConcurrentLinkedQueue<DelayedOperation> ops = watchers.get(key);
        if (ops == null) {
            return 0;
        }
        int completed = 0;
        for (var it = ops.iterator(); it.hasNext(); ) {
            DelayedOperation op = it.next();
            if (op.isCompleted()) {
                it.remove();
            } else {
                try {
                    if (op.safeTryComplete(key)) {
                        it.remove();
                        completed++;
                    }
                } catch (RuntimeException e) {
                    it.remove();
                    log.error("Delayed operation {} in purgatory {} failed checking key {}", op, name, key, e);
                }
            }
        }
        removeIfEmpty(key);
        return completed;
    }

    /** Operations watched under any key and not yet completed (an operation under two keys counts twice). */
    public int watched() {
        int n = 0;
        for (ConcurrentLinkedQueue<DelayedOperation> ops : watchers.values()) {
            for (DelayedOperation op : ops) {
                if (!op.isCompleted()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Entries in all watch lists, completed operations not yet dropped included (tests). */
    int watchEntries() {
        int n = 0;
        for (ConcurrentLinkedQueue<DelayedOperation> ops : watchers.values()) {
            n += ops.size();
        }
        return n;
    }

    /** Drops completed operations from every watch list. */
    public void purgeCompleted() {
        watchedSincePurge.set(0);
        entriesSincePurge.set(0);
        for (Map.Entry<K, ConcurrentLinkedQueue<DelayedOperation>> e : watchers.entrySet()) {
            e.getValue().removeIf(DelayedOperation::isCompleted);
            removeIfEmpty(e.getKey());
        }
    }

    /** Drops the watch list of {@code key} if it is empty, atomically with respect to additions. */
    private void removeIfEmpty(K key) {
        watchers.computeIfPresent(key, (k, ops) -> ops.isEmpty() ? null : ops);
    }
}
