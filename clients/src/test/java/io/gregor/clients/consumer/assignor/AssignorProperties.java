package io.gregor.clients.consumer.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.network.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of the three assignors over random groups: every subscribed partition goes to exactly
 * one member subscribed to its topic; range is balanced within one per topic and round-robin within
 * one overall when subscriptions are equal; cooperative-sticky is balanced, keeps a balanced
 * ownership untouched, never hands out a partition another member still owns, and settles into a
 * complete assignment after the follow-up rebalance.
 */
class AssignorProperties {

    @Provide
    Arbitrary<GroupScenario> anyGroup() {
        return GroupScenario.groups(false);
    }

    @Provide
    Arbitrary<GroupScenario> equalGroup() {
        return GroupScenario.groups(true);
    }

    private static final List<Supplier<ConsumerPartitionAssignor>> ALL =
            List.of(RangeAssignor::new, RoundRobinAssignor::new, CooperativeStickyAssignor::new);

    static void assertEveryPartitionAssignedExactlyOnceToASubscriber(GroupScenario g, Map<String, Assignment> result) {
        Map<TopicPartition, String> owner = new HashMap<>();
        result.forEach((member, a) -> a.partitions().forEach(tp -> {
            String previous = owner.put(tp, member);
            assertTrue(previous == null, tp + " assigned to " + previous + " and " + member);
            assertTrue(g.subscriptions().get(member).topics().contains(tp.topic()), member + " got " + tp + " without subscribing");
        }));
        assertEquals(g.subscribedPartitions(), owner.keySet());
        assertEquals(g.subscriptions().keySet(), result.keySet());
    }

    private static IntSummaryStatistics sizes(Map<String, Assignment> result, String topic) {
        return result.values().stream().mapToInt(a -> (int) a.partitions().stream()
                .filter(tp -> topic == null || tp.topic().equals(topic)).count()).summaryStatistics();
    }

    @Property(tries = 300)
    void everyAssignorAssignsEachSubscribedPartitionExactlyOnce(@ForAll("anyGroup") GroupScenario g) {
        for (Supplier<ConsumerPartitionAssignor> a : ALL) {
            assertEveryPartitionAssignedExactlyOnceToASubscriber(g, a.get().assign(g.partitionsPerTopic(), g.subscriptions()));
        }
    }

    @Property(tries = 200)
    void rangeIsBalancedWithinOnePerTopic(@ForAll("equalGroup") GroupScenario g) {
        Map<String, Assignment> result = new RangeAssignor().assign(g.partitionsPerTopic(), g.subscriptions());
        for (String topic : g.partitionsPerTopic().keySet()) {
            IntSummaryStatistics s = sizes(result, topic);
            assertTrue(s.getMax() - s.getMin() <= 1, topic + ": " + result);
        }
    }

    @Property(tries = 200)
    void roundRobinIsBalancedWithinOneOverall(@ForAll("equalGroup") GroupScenario g) {
        IntSummaryStatistics s = sizes(new RoundRobinAssignor().assign(g.partitionsPerTopic(), g.subscriptions()), null);
        assertTrue(s.getMax() - s.getMin() <= 1, s.toString());
    }

    @Property(tries = 200)
    void cooperativeStickyKeepsABalancedOwnershipUnchanged(@ForAll("equalGroup") GroupScenario g) {
        CooperativeStickyAssignor assignor = new CooperativeStickyAssignor();
        Map<String, Assignment> first = assignor.assign(g.partitionsPerTopic(), g.subscriptions());
        IntSummaryStatistics s = sizes(first, null);
        assertTrue(s.getMax() - s.getMin() <= 1, s.toString());
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        first.forEach((m, a) -> owned.put(m, a.partitions()));
        Map<String, Assignment> again = assignor.assign(g.partitionsPerTopic(), g.owning(owned, 3).subscriptions());
        again.forEach((m, a) -> assertEquals(new HashSet<>(owned.get(m)), new HashSet<>(a.partitions()), m));
    }

    /**
     * From an arbitrary ownership (members join or leave, so ownership is unbalanced): round one only
     * gives out partitions nobody else owns and members keep what they keep; once the revocations
     * are done, round two is complete and balanced.
     */
    @Property(tries = 200)
    void cooperativeStickyMovesPartitionsOnlyAfterTheirOwnerRevokedThem(@ForAll("equalGroup") GroupScenario g) {
        List<TopicPartition> all = new ArrayList<>(g.subscribedPartitions());
        List<String> members = new ArrayList<>(g.subscriptions().keySet());
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        Map<TopicPartition, String> ownerOf = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            // skewed: the first member owns most, some partitions are unowned
            String m = members.get(i % 3 == 2 ? (i % members.size()) : 0);
            if (i % 5 != 4) {
                owned.computeIfAbsent(m, k -> new ArrayList<>()).add(all.get(i));
                ownerOf.put(all.get(i), m);
            }
        }
        CooperativeStickyAssignor assignor = new CooperativeStickyAssignor();
        Map<String, Assignment> round1 = assignor.assign(g.partitionsPerTopic(), g.owning(owned, 5).subscriptions());
        Map<String, List<TopicPartition>> afterRevocation = new HashMap<>();
        round1.forEach((m, a) -> {
            for (TopicPartition tp : a.partitions()) {
                String previous = ownerOf.get(tp);
                assertTrue(previous == null || previous.equals(m), tp + " given to " + m + " while " + previous + " owns it");
            }
            afterRevocation.put(m, a.partitions());
        });
        Map<String, Assignment> round2 = assignor.assign(g.partitionsPerTopic(), g.owning(afterRevocation, 6).subscriptions());
        assertEveryPartitionAssignedExactlyOnceToASubscriber(g, round2);
        IntSummaryStatistics s = sizes(round2, null);
        assertTrue(s.getMax() - s.getMin() <= 1, round2.toString());
        round2.forEach((m, a) -> assertTrue(a.partitions().containsAll(afterRevocation.get(m)), m + " lost partitions in round two"));
    }

    @Property(tries = 100)
    void aClaimOfAnOlderGenerationLosesToTheNewerOne(@ForAll("equalGroup") GroupScenario g) {
        Set<TopicPartition> all = g.subscribedPartitions();
        if (all.isEmpty() || g.subscriptions().size() < 2) {
            return;
        }
        List<String> members = g.subscriptions().keySet().stream().sorted().toList();
        Map<String, Subscription> subs = new HashMap<>(g.subscriptions());
        List<TopicPartition> claimed = List.copyOf(all);
        Subscription stale = subs.get(members.get(0));
        Subscription fresh = subs.get(members.get(1));
        subs.put(members.get(0), new Subscription(stale.topics(), null, claimed, 1, null, stale.groupInstanceId()));
        subs.put(members.get(1), new Subscription(fresh.topics(), null, claimed, 2, null, fresh.groupInstanceId()));
        Map<String, Assignment> result = new CooperativeStickyAssignor().assign(g.partitionsPerTopic(), subs);
        assertTrue(result.get(members.get(0)).partitions().isEmpty(), "the stale claimant got " + result.get(members.get(0)));
    }
}
