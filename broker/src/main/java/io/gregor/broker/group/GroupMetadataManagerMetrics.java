package io.gregor.broker.group;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.broker.group.ClassicGroup.State;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Kafka's ZooKeeper-era group coordinator gauges, {@code kafka.coordinator.group:type=GroupMetadataManager,name=}
 * NumGroups, NumGroupsPreparingRebalance, NumGroupsCompletingRebalance, NumGroupsStable,
 * NumGroupsDead, NumGroupsEmpty and NumOffsets, over the groups this broker coordinates (those of
 * its loaded {@code __consumer_offsets} partitions). A group known only by its committed offsets
 * counts as Empty, as ListGroups shows it. Counted by one pass over the groups when read (at most
 * once a second, whichever gauge is read), never on a request.
 */
final class GroupMetadataManagerMetrics {
    static final String PREFIX = "kafka.coordinator.group:type=GroupMetadataManager,name=";
    /** Reads within this time share one count. */
    private static final long COUNT_REUSE_MS = 1000;

    /** One count of the groups by state, and of the committed offsets. */
    record GroupCounts(int groups, int preparingRebalance, int completingRebalance, int stable, int dead, int empty,
                       int offsets) {
    }

    private GroupMetadataManagerMetrics() {
    }

    static void register(MetricRegistry registry, ClassicGroups groups, GroupCoordinator coordinator) {
        register(registry, groups, coordinator, COUNT_REUSE_MS);
    }

    /** As {@link #register(MetricRegistry, ClassicGroups, GroupCoordinator)}, a count reused for {@code reuseMs}. */
    static void register(MetricRegistry registry, ClassicGroups groups, GroupCoordinator coordinator, long reuseMs) {
        CachedGauge<GroupCounts> counts = new CachedGauge<>(reuseMs, TimeUnit.MILLISECONDS) {
            @Override
            protected GroupCounts loadValue() {
                return count(groups.states(), coordinator.groupsWithOffsets(), coordinator.numOffsets());
            }
        };
        gauge(registry, "NumGroups", counts, GroupCounts::groups);
        gauge(registry, "NumGroupsPreparingRebalance", counts, GroupCounts::preparingRebalance);
        gauge(registry, "NumGroupsCompletingRebalance", counts, GroupCounts::completingRebalance);
        gauge(registry, "NumGroupsStable", counts, GroupCounts::stable);
        gauge(registry, "NumGroupsDead", counts, GroupCounts::dead);
        gauge(registry, "NumGroupsEmpty", counts, GroupCounts::empty);
        gauge(registry, "NumOffsets", counts, GroupCounts::offsets);
    }

    /** The counts of {@code states} (the member groups), plus groups with offsets only, counted Empty. */
    static GroupCounts count(Map<String, State> states, Iterable<String> groupsWithOffsets, int offsets) {
        int[] byState = new int[State.values().length];
        states.values().forEach(s -> byState[s.ordinal()]++);
        int offsetsOnly = 0;
        for (String id : groupsWithOffsets) {
            if (!states.containsKey(id)) {
                offsetsOnly++;
            }
        }
        return new GroupCounts(states.size() + offsetsOnly, byState[State.PREPARING_REBALANCE.ordinal()],
                byState[State.COMPLETING_REBALANCE.ordinal()], byState[State.STABLE.ordinal()],
                byState[State.DEAD.ordinal()], byState[State.EMPTY.ordinal()] + offsetsOnly, offsets);
    }

    private static void gauge(MetricRegistry registry, String name, Gauge<GroupCounts> counts,
                              ToIntFunction<GroupCounts> field) {
        registry.register(PREFIX + name, (Gauge<Integer>) () -> field.applyAsInt(counts.getValue()));
    }
}
