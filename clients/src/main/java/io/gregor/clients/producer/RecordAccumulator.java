package io.gregor.clients.producer;

import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.record.RecordBatch;
import io.gregor.clients.record.Header;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Queues of batches per partition, filled by {@code send} and drained by the sender. A partition is
 * ready to send when its first batch is full, has waited {@code linger.ms}, or a flush or close is
 * under way, and the partition is not muted (a batch of it is in flight) nor backing off. Order per
 * partition is kept: retried batches go back to the head of their queue. Appends block while
 * {@code buffer.memory} is used up. Thread safe (one lock).
 */
public final class RecordAccumulator {
    /** What one append did: the record's future, and whether the sender should wake (a batch filled up or started). */
    public record AppendResult(CompletableFuture<RecordMetadata> future, boolean batchFull, boolean newBatch) {
    }

    private final int batchSize;
    private final long lingerMs;
    private final long retryBackoffMs;
    private final long bufferMemory;
    private final long maxBlockMs;
    private long bytesInUse; // guarded by this: estimated bytes of batches not yet completed
    private final Map<TopicPartition, Deque<ProducerBatch>> queues = new LinkedHashMap<>(); // guarded by this
    private final Set<ProducerBatch> incomplete = new HashSet<>(); // guarded by this
    private int flushesInProgress; // guarded by this
    private boolean closing; // guarded by this

    public RecordAccumulator(int batchSize, long lingerMs, long retryBackoffMs) {
        this(batchSize, lingerMs, retryBackoffMs, Long.MAX_VALUE, 0);
    }

    /**
     * @param bufferMemory {@code buffer.memory}: appends block while queued and in-flight batches hold
     *                     this many (estimated) bytes, for at most {@code maxBlockMs} ({@code max.block.ms})
     */
    public RecordAccumulator(int batchSize, long lingerMs, long retryBackoffMs, long bufferMemory, long maxBlockMs) {
        this.batchSize = batchSize;
        this.lingerMs = lingerMs;
        this.retryBackoffMs = retryBackoffMs;
        this.bufferMemory = bufferMemory;
        this.maxBlockMs = maxBlockMs;
    }

    private void reserve(int bytes, TopicPartition tp) {
        long deadline = System.currentTimeMillis() + maxBlockMs;
        while (bytesInUse > 0 && bytesInUse + bytes > bufferMemory) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || closing) {
                throw new GregorApiException(Errors.REQUEST_TIMED_OUT, "no room in buffer.memory=" + bufferMemory
                        + " for a record to " + tp + " within max.block.ms=" + maxBlockMs);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, "interrupted waiting for buffer.memory");
            }
        }
        bytesInUse += bytes;
    }

    public synchronized AppendResult append(TopicPartition tp, long timestamp, byte[] key, byte[] value,
                                            List<Header> headers, Callback callback, long nowMs) {
        if (closing) {
            throw new IllegalStateException("the producer is closed; cannot send to " + tp);
        }
        reserve(ProducerBatch.estimateSize(key, value, headers), tp);
        Deque<ProducerBatch> q = queues.computeIfAbsent(tp, k -> new ArrayDeque<>());
        ProducerBatch last = q.peekLast();
        if (last != null) {
            CompletableFuture<RecordMetadata> f = last.tryAppend(timestamp, key, value, headers, callback);
            if (f != null) {
                return new AppendResult(f, last.isFull() || q.size() > 1, false);
            }
            last.closeForAppends();
        }
        ProducerBatch batch = new ProducerBatch(tp, nowMs, batchSize);
        bytesInUse += RecordBatch.HEADER_SIZE;
        CompletableFuture<RecordMetadata> f = batch.tryAppend(timestamp, key, value, headers, callback);
        q.addLast(batch);
        incomplete.add(batch);
        return new AppendResult(f, batch.isFull() || q.size() > 1, true);
    }

    /** Partitions whose head batch may be sent now, in queue creation order. */
    public synchronized List<TopicPartition> ready(long nowMs, Set<TopicPartition> muted) {
        List<TopicPartition> ready = new ArrayList<>();
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : queues.entrySet()) {
            ProducerBatch head = e.getValue().peekFirst();
            if (head == null || muted.contains(e.getKey()) || head.retryNotBeforeMs() > nowMs) {
                continue;
            }
            boolean sendable = head.isFull() || e.getValue().size() > 1 || nowMs - head.createdMs() >= lingerMs
                    || flushesInProgress > 0 || closing || head.attempts() > 0;
            if (sendable) {
                ready.add(e.getKey());
            }
        }
        return ready;
    }

    /** Milliseconds until some partition may become ready by time alone (linger or backoff), at most {@code max}. */
    public synchronized long nextReadyDelayMs(long nowMs, Set<TopicPartition> muted, long max) {
        long delay = max;
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : queues.entrySet()) {
            ProducerBatch head = e.getValue().peekFirst();
            if (head == null || muted.contains(e.getKey())) {
                continue;
            }
            long at = Math.max(head.retryNotBeforeMs(), head.attempts() > 0 ? 0 : head.createdMs() + lingerMs);
            delay = Math.min(delay, Math.max(0, at - nowMs));
        }
        return delay;
    }

    /** Removes and returns the head batch of {@code tp}, closed for further appends. */
    public synchronized ProducerBatch drain(TopicPartition tp) {
        Deque<ProducerBatch> q = queues.get(tp);
        ProducerBatch b = q == null ? null : q.pollFirst();
        if (b != null) {
            b.closeForAppends();
        }
        return b;
    }

    /** Puts a batch back at the head of its queue, to be retried after retry.backoff.ms. */
    public synchronized void reenqueue(ProducerBatch batch, long nowMs) {
        batch.retryNotBefore(nowMs + retryBackoffMs);
        queues.computeIfAbsent(batch.topicPartition(), k -> new ArrayDeque<>()).addFirst(batch);
    }

    /** Forgets a batch that completed or failed for good. */
    public synchronized void deallocate(ProducerBatch batch) {
        if (incomplete.remove(batch)) {
            bytesInUse -= batch.estimatedBytes();
        }
        notifyAll();
    }

    /** Batches still queued (not in flight) created before {@code cutoffMs}: removed and returned for expiry. */
    public synchronized List<ProducerBatch> expireQueued(long cutoffMs) {
        List<ProducerBatch> expired = new ArrayList<>();
        for (Deque<ProducerBatch> q : queues.values()) {
            while (!q.isEmpty() && q.peekFirst().createdMs() < cutoffMs) {
                expired.add(q.pollFirst());
            }
        }
        return expired;
    }

    public synchronized Set<String> topics() {
        Set<String> topics = new HashSet<>();
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : queues.entrySet()) {
            if (!e.getValue().isEmpty()) {
                topics.add(e.getKey().topic());
            }
        }
        return topics;
    }

    public synchronized boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    public synchronized boolean hasQueued() {
        return queues.values().stream().anyMatch(q -> !q.isEmpty());
    }

    /** Makes every queued batch sendable now until {@link #endFlush}. */
    public synchronized void beginFlush() {
        flushesInProgress++;
    }

    public synchronized void endFlush() {
        flushesInProgress--;
    }

    /** Futures of every record appended so far and not yet completed. */
    public synchronized List<CompletableFuture<RecordMetadata>> incompleteFutures() {
        List<CompletableFuture<RecordMetadata>> out = new ArrayList<>();
        for (ProducerBatch b : incomplete) {
            out.addAll(b.futures());
        }
        return out;
    }

    public synchronized void beginClose() {
        closing = true;
        notifyAll();
    }

    /** Removes every queued batch (for a forced close). */
    public synchronized Collection<ProducerBatch> drainAll() {
        List<ProducerBatch> all = new ArrayList<>();
        queues.values().forEach(all::addAll);
        queues.clear();
        return all;
    }

    /** Batch count per partition (for tests and metrics). */
    public synchronized Map<TopicPartition, Integer> queuedBatchCounts() {
        Map<TopicPartition, Integer> m = new HashMap<>();
        queues.forEach((tp, q) -> m.put(tp, q.size()));
        return m;
    }
}
