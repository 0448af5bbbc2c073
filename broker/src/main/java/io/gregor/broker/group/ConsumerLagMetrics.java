package io.gregor.broker.group;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.broker.metrics.KafkaMetricName;
import io.gregor.core.log.TopicPartition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gregor's consumer lag gauges (Kafka has no broker-side lag metric; its coordinator knows the
 * committed offsets but not the log ends): for each group this broker coordinates and each partition
 * the group committed an offset for, {@code gregor.coordinator.group:type=ConsumerLag,name=Lag,group=..,topic=..,partition=..}
 * is the partition's high watermark (its log end as a read_uncommitted consumer sees it) minus the
 * committed offset, never below 0; per group, {@code name=MaxLag,group=..} and {@code name=TotalLag,group=..}
 * over its partitions.
 *
 * <p>A gauge reads the committed offset and, for a partition led by this broker, the local high
 * watermark when it is read. The high watermarks of partitions led by other brokers are asked of
 * their leaders (ListOffsets) every refresh interval on this class's own thread, off the request
 * path; the same pass adds the gauges of newly committed partitions and removes those whose offsets
 * were deleted or expired, whose group was deleted, or whose group moved to another coordinator. A
 * lag whose high watermark is not known (leader unknown or unreachable at the last pass) has no
 * value (null) until it is.
 */
public final class ConsumerLagMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMetrics.class);
    static final String PREFIX = "gregor.coordinator.group:type=ConsumerLag,name=";
    /** How often remote high watermarks are refreshed and the set of gauges follows the committed offsets. */
    static final long REFRESH_INTERVAL_MS = 10_000;

    private final MetricRegistry registry;
    private final GroupCoordinator coordinator;
    private final int brokerId;
    private final Function<TopicPartition, OptionalLong> localHighWatermark; // empty unless led here
    private final Function<TopicPartition, OptionalInt> leader;
    private final LeaderHighWatermarks remote; // the refresher thread only
    private final Map<TopicPartition, Long> remoteHighWatermarks = new ConcurrentHashMap<>(); // written by the refresher
    /** Each group's partitions with a gauge; each set is immutable, replaced by the refresher. */
    private final Map<String, Set<TopicPartition>> tracked = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;

    /**
     * @param localHighWatermark the high watermark of a partition this broker leads, else empty
     * @param leader             the leader of a partition as this broker's metadata says, if any
     */
    ConsumerLagMetrics(MetricRegistry registry, GroupCoordinator coordinator, int brokerId,
                       Function<TopicPartition, OptionalLong> localHighWatermark,
                       Function<TopicPartition, OptionalInt> leader, LeaderHighWatermarks remote) {
        this.registry = registry;
        this.coordinator = coordinator;
        this.brokerId = brokerId;
        this.localHighWatermark = localHighWatermark;
        this.leader = leader;
        this.remote = remote;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consumer-lag-refresher-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic refresh, every {@code intervalMs}. */
    void start(long intervalMs) {
        refresher.scheduleWithFixedDelay(this::refreshLogged, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.error("Broker {}: refreshing the consumer lag metrics failed", brokerId, e);
        }
    }

    /** One pass: the gauges follow the committed offsets, then the remote high watermarks are asked for. */
    void refresh() {
        Map<String, Set<TopicPartition>> committed = new HashMap<>();
        coordinator.loadedOffsets().values().forEach(byGroup -> byGroup.forEach((group, offsets) -> {
            if (!offsets.isEmpty()) {
                committed.computeIfAbsent(group, g -> new HashSet<>()).addAll(offsets.keySet());
            }
        }));
        followCommittedOffsets(committed);
        Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
        Set<TopicPartition> remoteLed = new HashSet<>(); // led by another broker that metadata names
        committed.values().forEach(tps -> tps.forEach(tp -> {
            OptionalInt l = leader.apply(tp);
            if (localHighWatermark.apply(tp).isEmpty() && l.isPresent() && l.getAsInt() >= 0
                    && l.getAsInt() != brokerId && remoteLed.add(tp)) {
                byLeader.computeIfAbsent(l.getAsInt(), x -> new ArrayList<>()).add(tp);
            }
        }));
        // led here now, leaderless, or no longer committed: no remote high watermark
        remoteHighWatermarks.keySet().retainAll(remoteLed);
        byLeader.forEach((leaderId, tps) -> {
            Map<TopicPartition, Long> answered;
            try {
                answered = remote.ask(leaderId, tps);
            } catch (IOException e) {
                log.info("Broker {}: asking broker {} for the high watermarks of {} partitions failed: {}", brokerId,
                        leaderId, tps.size(), e.toString());
                answered = Map.of();
            }
            for (TopicPartition tp : tps) {
                Long hw = answered.get(tp);
                if (hw == null) {
                    remoteHighWatermarks.remove(tp);
                } else {
                    remoteHighWatermarks.put(tp, hw);
                }
            }
        });
    }

    private void followCommittedOffsets(Map<String, Set<TopicPartition>> committed) {
        for (Map.Entry<String, Set<TopicPartition>> e : tracked.entrySet()) {
            String group = e.getKey();
            Set<TopicPartition> still = committed.getOrDefault(group, Set.of());
            e.getValue().stream().filter(tp -> !still.contains(tp)).forEach(tp -> registry.remove(lagName(group, tp)));
            if (still.isEmpty()) {
                registry.remove(groupName("MaxLag", group));
                registry.remove(groupName("TotalLag", group));
                tracked.remove(group);
            }
        }
        committed.forEach((group, tps) -> {
            Set<TopicPartition> before = tracked.get(group);
            if (before == null) {
                register(groupName("MaxLag", group), () -> maxLag(group));
                register(groupName("TotalLag", group), () -> totalLag(group));
            }
            tps.stream().filter(tp -> before == null || !before.contains(tp))
                    .forEach(tp -> register(lagName(group, tp), () -> lag(group, tp)));
            tracked.put(group, Set.copyOf(tps));
        });
    }

    private void register(String name, Gauge<Long> gauge) {
        registry.remove(name);
        registry.register(name, gauge);
    }

    /** The lag of {@code group} on {@code tp}, or null when the committed offset or the high watermark is unknown. */
    Long lag(String group, TopicPartition tp) {
        OptionalLong committed = coordinator.committedOffset(group, tp);
        if (committed.isEmpty() || committed.getAsLong() < 0) {
            return null;
        }
        OptionalLong hw = localHighWatermark.apply(tp);
        Long highWatermark = hw.isPresent() ? Long.valueOf(hw.getAsLong()) : remoteHighWatermarks.get(tp);
        return highWatermark == null ? null : Math.max(0, highWatermark - committed.getAsLong());
    }

    private Long maxLag(String group) {
        Long max = null;
        for (TopicPartition tp : tracked.getOrDefault(group, Set.of())) {
            Long lag = lag(group, tp);
            if (lag != null && (max == null || lag > max)) {
                max = lag;
            }
        }
        return max;
    }

    private Long totalLag(String group) {
        Long total = null;
        for (TopicPartition tp : tracked.getOrDefault(group, Set.of())) {
            Long lag = lag(group, tp);
            if (lag != null) {
                total = total == null ? lag : total + lag;
            }
        }
        return total;
    }

    static String lagName(String group, TopicPartition tp) {
        return groupName("Lag", group) + ",topic=" + KafkaMetricName.value(tp.topic()) + ",partition=" + tp.partition();
    }

    static String groupName(String name, String group) {
        return PREFIX + name + ",group=" + KafkaMetricName.value(group);
    }

    /** Stops the refresh and removes every lag gauge. */
    @Override
    public void close() {
        refresher.execute(remote::close); // after a pass in flight; the periodic pass stops with shutdown
        refresher.shutdown();
        tracked.forEach((group, tps) -> {
            tps.forEach(tp -> registry.remove(lagName(group, tp)));
            registry.remove(groupName("MaxLag", group));
            registry.remove(groupName("TotalLag", group));
        });
        tracked.clear();
    }
}
