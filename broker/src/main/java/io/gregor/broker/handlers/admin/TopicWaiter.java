package io.gregor.broker.handlers.admin;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits, without blocking a thread, until a condition holds for each of some topics (e.g. "has
 * leaders in this broker's metadata") or a timeout passes: the condition is re-checked on a
 * scheduler every few milliseconds. The future completes with the topics still not satisfied at
 * the deadline (empty when all were).
 */
final class TopicWaiter {

    static final long CHECK_INTERVAL_MS = 20;

    private final ScheduledExecutorService scheduler;

    TopicWaiter(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    CompletableFuture<Set<String>> await(Collection<String> topics, Predicate<String> condition, long timeoutMs) {
        CompletableFuture<Set<String>> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs));
        check(new LinkedHashSet<>(topics), condition, deadline, result);
        return result;
    }

    private void check(Set<String> waiting, Predicate<String> condition, long deadline, CompletableFuture<Set<String>> result) {
        try {
            waiting.removeIf(condition);
            if (waiting.isEmpty() || System.nanoTime() >= deadline) {
                result.complete(Set.copyOf(waiting));
                return;
            }
            long delay = Math.min(CHECK_INTERVAL_MS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
            scheduler.schedule(() -> check(waiting, condition, deadline, result), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
