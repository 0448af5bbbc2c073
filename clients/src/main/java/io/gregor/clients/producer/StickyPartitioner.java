package io.gregor.clients.producer;

import io.gregor.clients.network.PartitionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kafka's built-in partitioning: a keyed record goes to murmur2(key) over all partitions; records
 * without a key stick to one partition (chosen at random among those with a leader) until about
 * {@code batch.size} bytes went there, then switch, so batches fill up instead of scattering.
 * Thread safe.
 */
public final class StickyPartitioner {
    private record Sticky(int partition, long bytes) {
    }

    private final int batchSize;
    private final Map<String, Sticky> current = new HashMap<>(); // guarded by this

    public StickyPartitioner(int batchSize) {
        this.batchSize = Math.max(1, batchSize);
    }

    /** The partition of a record of {@code recordBytes} with {@code keyBytes} (null for none). */
    public synchronized int partition(String topic, byte[] keyBytes, int recordBytes, List<PartitionInfo> partitions) {
        int n = partitions.size();
        if (n == 0) {
            throw new IllegalArgumentException("topic " + topic + " has no partitions in the metadata");
        }
        if (keyBytes != null) {
            return Murmur2.partitionForKey(keyBytes, n);
        }
        Sticky s = current.get(topic);
        if (s == null || s.bytes >= batchSize || s.partition >= n) {
            s = new Sticky(choose(partitions, s == null ? -1 : s.partition), 0);
        }
        current.put(topic, new Sticky(s.partition, s.bytes + recordBytes));
        return s.partition;
    }

    private static int choose(List<PartitionInfo> partitions, int previous) {
        List<Integer> available = new ArrayList<>();
        for (PartitionInfo p : partitions) {
            if (p.hasLeader() && p.topicPartition().partition() != previous) {
                available.add(p.topicPartition().partition());
            }
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (available.isEmpty()) {
            return partitions.size() == 1 ? 0 : rnd.nextInt(partitions.size());
        }
        return available.get(rnd.nextInt(available.size()));
    }
}
