package io.gregor.replication.quota;

import io.gregor.core.log.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One side (leader or follower) of Kafka's replication throttle on this broker: the byte rate
 * ({@code leader.replication.throttled.rate} / {@code follower.replication.throttled.rate}) and the
 * partitions it applies to (the topic's {@code *.replication.throttled.replicas} entries that name
 * this broker, or every partition of a topic for {@code *}). The rate is measured over the last
 * {@link #SAMPLES} windows of {@link #WINDOW_MS} (Kafka's replication.quota.window.* defaults),
 * divided by the time those windows actually span, so a transfer starts at the rate rather than
 * with a burst. Thread-safe: rate under this object's lock, throttled partitions in a concurrent map.
 */
public final class ReplicationQuota {

    static final int SAMPLES = 11;
    static final long WINDOW_MS = 1_000;
    /** A partition set meaning every partition of the topic. */
    static final Set<Integer> ALL_PARTITIONS = Set.of(-1);

    private final LongSupplier clockMs;
    private final Map<String, Set<Integer>> throttled = new ConcurrentHashMap<>();
    private volatile long bytesPerSecond = Long.MAX_VALUE;
    private final long[] sampleBytes = new long[SAMPLES]; // guarded by this
    private final long[] sampleStartMs = new long[SAMPLES]; // guarded by this
    private int current = -1; // guarded by this: index of the newest sample, -1 before the first

    public ReplicationQuota(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    public void updateRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond <= 0 ? Long.MAX_VALUE : bytesPerSecond;
    }

    public long rate() {
        return bytesPerSecond;
    }

    /** Sets the throttled partitions of {@code topic} (none: empty set; all: {@link #ALL_PARTITIONS}). */
    void markThrottled(String topic, Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            throttled.remove(topic);
        } else {
            throttled.put(topic, Set.copyOf(partitions));
        }
    }

    public boolean isThrottled(TopicPartition tp) {
        Set<Integer> partitions = throttled.get(tp.topic());
        return partitions != null && (partitions.equals(ALL_PARTITIONS) || partitions.contains(tp.partition()));
    }

    /** Kafka's rule: a replica outside the ISR of a throttled partition waits while the rate is exceeded. */
    public boolean shouldThrottle(TopicPartition tp, boolean replicaInSync) {
        return !replicaInSync && bytesPerSecond != Long.MAX_VALUE && isThrottled(tp) && isQuotaExceeded();
    }

    public synchronized boolean isQuotaExceeded() {
        if (bytesPerSecond == Long.MAX_VALUE || current < 0) {
            return false;
        }
        long now = clockMs.getAsLong();
        long total = 0;
        long oldest = now;
        for (int i = 0; i < SAMPLES; i++) {
            if (sampleStartMs[i] > 0 && now - sampleStartMs[i] < SAMPLES * WINDOW_MS) {
                total += sampleBytes[i];
                oldest = Math.min(oldest, sampleStartMs[i]);
            }
        }
        double elapsedSeconds = Math.max(now - oldest, WINDOW_MS) / 1000.0;
        return total / elapsedSeconds > bytesPerSecond;
    }

    /** Counts {@code bytes} moved for throttled partitions. */
    public synchronized void record(long bytes) {
        if (bytes <= 0) {
            return;
        }
        long now = clockMs.getAsLong();
        if (current < 0 || now - sampleStartMs[current] >= WINDOW_MS) {
            current = (current + 1) % SAMPLES;
            sampleStartMs[current] = now;
            sampleBytes[current] = 0;
        }
        sampleBytes[current] += bytes;
    }
}
