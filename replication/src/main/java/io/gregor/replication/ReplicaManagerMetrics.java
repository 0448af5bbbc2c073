package io.gregor.replication;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.core.log.TopicPartition;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Kafka's {@code kafka.server:type=ReplicaManager} metrics of this broker: gauges computed from the
 * hosted partitions when read (never on the produce or fetch path), and the ISR change meters.
 */
final class ReplicaManagerMetrics {
    private static final String PREFIX = "kafka.server:type=ReplicaManager,name=";

    private ReplicaManagerMetrics() {
    }

    static void register(MetricRegistry registry, Map<TopicPartition, Partition> partitions,
                         Predicate<TopicPartition> offline, IsrChanges isrChanges) {
        gauge(registry, "PartitionCount", partitions, p -> 1);
        gauge(registry, "LeaderCount", partitions, p -> p.isLeader() ? 1 : 0);
        gauge(registry, "UnderReplicatedPartitions", partitions,
                p -> p.isLeader() && p.isr().size() < p.replicas().size() ? 1 : 0);
        gauge(registry, "UnderMinIsrPartitionCount", partitions,
                p -> p.isLeader() && p.isr().size() < p.minInsyncReplicas() ? 1 : 0);
        gauge(registry, "AtMinIsrPartitionCount", partitions,
                p -> p.isLeader() && p.isr().size() == p.minInsyncReplicas() ? 1 : 0);
        gauge(registry, "OfflineReplicaCount", partitions, p -> offline.test(p.topicPartition()) ? 1 : 0);
        registry.register(PREFIX + "IsrShrinksPerSec", isrChanges.isrShrinks);
        registry.register(PREFIX + "IsrExpandsPerSec", isrChanges.isrExpands);
    }

    private static void gauge(MetricRegistry registry, String name, Map<TopicPartition, Partition> partitions,
                              ToIntFunction<Partition> counts) {
        registry.register(PREFIX + name, (Gauge<Integer>) () -> {
            int n = 0;
            for (Partition p : partitions.values()) {
                n += counts.applyAsInt(p);
            }
            return n;
        });
    }
}
