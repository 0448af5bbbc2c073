package io.gregor.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.gregor.broker.group.ClassicGroup.JoinResult;
import io.gregor.broker.group.OffsetRecords.CommittedOffset;
import io.gregor.clients.protocol.Errors;
import io.gregor.core.log.TopicPartition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka's GroupMetadataManager gauges over the groups of a coordinator. */
class GroupMetadataManagerMetricsTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InMemoryOffsetsLog log = new InMemoryOffsetsLog();
    private final GroupCoordinator coordinator = new GroupCoordinator(log, 1, now::get);
    private final ClassicGroups groups = new ClassicGroups(scheduler, now::get,
            new GroupConfig(1, (short) 1, 1 << 20, 0, 0, 3_600_000, 100, 3_600_000, 60_000), 3_600_000, coordinator);
    private final MetricRegistry registry = new MetricRegistry();

    GroupMetadataManagerMetricsTest() {
        coordinator.attach(groups);
        log.lead(0, 0);
        GroupMetadataManagerMetrics.register(registry, groups, coordinator, 0);
    }

    @AfterEach
    void stop() {
        groups.close();
        scheduler.shutdownNow();
    }

    @Test
    void groupsAreCountedByStateAndOffsetsOnlyGroupsCountAsEmpty() {
        assertEquals(0, gauge("NumGroups"));
        String member = joinAndSync("stable");
        join("completing").join();
        commit("stable", new TopicPartition("t", 0), 4);
        commit("simple", new TopicPartition("t", 0), 1);
        commit("simple", new TopicPartition("t", 1), 2);

        assertEquals(3, gauge("NumGroups"));
        assertEquals(1, gauge("NumGroupsStable"));
        assertEquals(1, gauge("NumGroupsCompletingRebalance"));
        assertEquals(0, gauge("NumGroupsPreparingRebalance"));
        assertEquals(1, gauge("NumGroupsEmpty"), "the group that only commits");
        assertEquals(0, gauge("NumGroupsDead"));
        assertEquals(3, gauge("NumOffsets"));

        assertEquals(List.of(Errors.NONE), groups.leave("stable", List.<String[]>of(new String[] {member, null})));
        assertEquals(0, gauge("NumGroupsStable"));
        assertEquals(2, gauge("NumGroupsEmpty"));

        assertEquals(Errors.NONE, coordinator.deleteGroup("simple", false).join());
        assertEquals(2, gauge("NumGroups"));
        assertEquals(1, gauge("NumOffsets"));
    }

    @Test
    void aJoinThatWaitsForOtherMembersIsPreparingRebalance() {
        String member = joinAndSync("g");
        join("g"); // a second member: the group rebalances and waits for the first to rejoin
        assertEquals(1, gauge("NumGroupsPreparingRebalance"), "member " + member + " has not rejoined");
        assertEquals(1, gauge("NumGroups"));
    }

    @Test
    void countsOfAPassAreReusedWithinTheirTime() {
        MetricRegistry cached = new MetricRegistry();
        GroupMetadataManagerMetrics.register(cached, groups, coordinator, 3_600_000);
        assertEquals(0, ((Number) cached.getGauges().get(GroupMetadataManagerMetrics.PREFIX + "NumGroups").getValue()).intValue());
        commit("simple", new TopicPartition("t", 0), 1);
        assertEquals(0, ((Number) cached.getGauges().get(GroupMetadataManagerMetrics.PREFIX + "NumOffsets").getValue()).intValue(),
                "one pass serves every gauge read within the reuse time");
        assertEquals(1, gauge("NumOffsets"));
    }

    private int gauge(String name) {
        Gauge<?> g = registry.getGauges().get(GroupMetadataManagerMetrics.PREFIX + name);
        return ((Number) g.getValue()).intValue();
    }

    private void commit(String group, TopicPartition tp, long offset) {
        assertEquals(Errors.NONE, coordinator.commitOffsets(group,
                Map.of(tp, new CommittedOffset(offset, -1, "", now.get()))).join());
    }

    private java.util.concurrent.CompletableFuture<JoinResult> join(String group) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", new byte[0]);
        return groups.join(new ClassicGroups.JoinRequest(group, "", null, "c", "/h", 60_000, 60_000,
                "consumer", protocols, false));
    }

    private String joinAndSync(String group) {
        JoinResult joined = join(group).join();
        groups.sync(group, joined.generation(), joined.memberId(), null, Map.of()).join();
        return joined.memberId();
    }
}
