package io.gregor.clients.consumer.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.network.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.AbstractPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

/**
 * Gregor's assignors and consumer protocol bytes against kafka-clients 3.9.1: range and round-robin
 * give exactly Kafka's assignment, cooperative-sticky keeps a balanced ownership as Kafka's does,
 * subscription and assignment bytes are identical in every version, and cooperative-sticky's user
 * data is Kafka's (the generation as an int32).
 */
class AssignorKafkaCrossCheckTest {

    @Provide
    Arbitrary<GroupScenario> anyGroup() {
        return GroupScenario.groups(false);
    }

    @Provide
    Arbitrary<GroupScenario> equalGroup() {
        return GroupScenario.groups(true);
    }

    private static org.apache.kafka.common.TopicPartition kafka(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    private static TopicPartition gregor(org.apache.kafka.common.TopicPartition tp) {
        return new TopicPartition(tp.topic(), tp.partition());
    }

    private static ConsumerPartitionAssignor.Subscription kafka(Subscription s) {
        ConsumerPartitionAssignor.Subscription k = new ConsumerPartitionAssignor.Subscription(s.topics(),
                s.userData() == null ? null : s.userData().duplicate(),
                s.ownedPartitions().stream().map(AssignorKafkaCrossCheckTest::kafka).toList(), s.generationId(),
                Optional.ofNullable(s.rackId()));
        k.setGroupInstanceId(Optional.ofNullable(s.groupInstanceId()));
        return k;
    }

    private static Map<String, List<TopicPartition>> kafkaAssign(AbstractPartitionAssignor assignor, GroupScenario g) {
        Map<String, ConsumerPartitionAssignor.Subscription> subs = new HashMap<>();
        g.subscriptions().forEach((m, s) -> subs.put(m, kafka(s)));
        Map<String, List<TopicPartition>> out = new HashMap<>();
        assignor.assign(g.partitionsPerTopic(), subs).forEach((m, tps) ->
                out.put(m, tps.stream().map(AssignorKafkaCrossCheckTest::gregor).toList()));
        return out;
    }

    private static Map<String, List<TopicPartition>> gregorAssign(io.gregor.clients.consumer.assignor.ConsumerPartitionAssignor a,
                                                                  GroupScenario g) {
        Map<String, List<TopicPartition>> out = new HashMap<>();
        a.assign(g.partitionsPerTopic(), g.subscriptions()).forEach((m, as) -> out.put(m, as.partitions()));
        return out;
    }

    @Property(tries = 200)
    void rangeAssignsExactlyAsKafka(@ForAll("anyGroup") GroupScenario g) {
        assertEquals(kafkaAssign(new org.apache.kafka.clients.consumer.RangeAssignor(), g), gregorAssign(new RangeAssignor(), g));
    }

    @Property(tries = 200)
    void roundRobinAssignsExactlyAsKafka(@ForAll("anyGroup") GroupScenario g) {
        assertEquals(kafkaAssign(new org.apache.kafka.clients.consumer.RoundRobinAssignor(), g),
                gregorAssign(new RoundRobinAssignor(), g));
    }

    /** Ownership balanced by Kafka's assignor is kept by Gregor's, and the other way round. */
    @Property(tries = 100)
    void cooperativeStickyKeepsWhatKafkaBalancedAndKafkaKeepsWhatGregorBalanced(@ForAll("equalGroup") GroupScenario g) {
        Map<String, List<TopicPartition>> byKafka = kafkaAssign(new org.apache.kafka.clients.consumer.CooperativeStickyAssignor(), g);
        assertEquals(sets(byKafka), sets(gregorAssign(new CooperativeStickyAssignor(), g.owning(byKafka, 4))));
        Map<String, List<TopicPartition>> byGregor = gregorAssign(new CooperativeStickyAssignor(), g);
        assertEquals(sets(byGregor), sets(kafkaAssign(new org.apache.kafka.clients.consumer.CooperativeStickyAssignor(),
                g.owning(byGregor, 4))));
    }

    private static Map<String, Set<TopicPartition>> sets(Map<String, List<TopicPartition>> m) {
        Map<String, Set<TopicPartition>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new HashSet<>(v)));
        return out;
    }

    @Property(tries = 100)
    void subscriptionBytesAreKafkasInEveryVersion(@ForAll("anyGroup") GroupScenario g, @ForAll @IntRange(min = 0, max = 3) int v) {
        short version = (short) v;
        for (Subscription s : g.subscriptions().values()) {
            List<TopicPartition> owned = new ArrayList<>();
            s.topics().forEach(t -> owned.add(new TopicPartition(t, owned.size())));
            Subscription full = new Subscription(s.topics(), ByteBuffer.wrap(new byte[] {1, 2, (byte) v}), owned, 7 + v,
                    v % 2 == 0 ? "rack-" + v : null, null);
            ByteBuffer ours = ConsumerProtocol.serializeSubscription(kafka(full), version);
            assertEquals(ours, io.gregor.clients.consumer.assignor.ConsumerProtocol.serializeSubscription(full, version));
            Subscription back = io.gregor.clients.consumer.assignor.ConsumerProtocol.deserializeSubscription(ours);
            assertEquals(full.topics(), back.topics());
            assertEquals(version >= 1 ? full.ownedPartitions() : List.of(), back.ownedPartitions());
            assertEquals(version >= 2 ? full.generationId() : -1, back.generationId());
            assertEquals(version >= 3 ? full.rackId() : null, back.rackId());
            assertEquals(full.userData(), back.userData());
        }
    }

    @Property(tries = 100)
    void assignmentBytesAreKafkas(@ForAll("anyGroup") GroupScenario g, @ForAll @IntRange(min = 0, max = 3) int v) {
        for (Assignment a : new RoundRobinAssignor().assign(g.partitionsPerTopic(), g.subscriptions()).values()) {
            ConsumerPartitionAssignor.Assignment k = new ConsumerPartitionAssignor.Assignment(
                    a.partitions().stream().map(AssignorKafkaCrossCheckTest::kafka).toList(), ByteBuffer.wrap(new byte[] {9}));
            ByteBuffer kafkaBytes = ConsumerProtocol.serializeAssignment(k, (short) v);
            assertEquals(kafkaBytes, io.gregor.clients.consumer.assignor.ConsumerProtocol.serializeAssignment(
                    new Assignment(a.partitions(), ByteBuffer.wrap(new byte[] {9})), (short) v));
            assertEquals(a.partitions(), io.gregor.clients.consumer.assignor.ConsumerProtocol.deserializeAssignment(kafkaBytes).partitions());
        }
    }

    @Test
    void cooperativeStickyUserDataIsKafkasGenerationBeforeAndAfterAnAssignment() {
        var kafka = new org.apache.kafka.clients.consumer.CooperativeStickyAssignor();
        CooperativeStickyAssignor ours = new CooperativeStickyAssignor();
        assertEquals(kafka.subscriptionUserData(Set.of("t")), ours.subscriptionUserData(Set.of("t")));
        kafka.onAssignment(new ConsumerPartitionAssignor.Assignment(List.of()), new ConsumerGroupMetadata("g", 12, "m", Optional.empty()));
        ours.onAssignment(new Assignment(List.of()), 12);
        assertEquals(kafka.subscriptionUserData(Set.of("t")), ours.subscriptionUserData(Set.of("t")));
        assertEquals(kafka.name(), ours.name());
        assertEquals(new org.apache.kafka.clients.consumer.RangeAssignor().name(), new RangeAssignor().name());
        assertEquals(new org.apache.kafka.clients.consumer.RoundRobinAssignor().name(), new RoundRobinAssignor().name());
    }

    /** A v1 subscription has no generation field: Kafka's leader reads the generation from our user data. */
    @Test
    void kafkasLeaderPrefersTheClaimWhoseUserDataCarriesTheNewerGeneration() {
        CooperativeStickyAssignor stale = new CooperativeStickyAssignor();
        stale.onAssignment(new Assignment(List.of()), 3);
        CooperativeStickyAssignor fresh = new CooperativeStickyAssignor();
        fresh.onAssignment(new Assignment(List.of()), 4);
        List<TopicPartition> both = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));
        Map<String, ConsumerPartitionAssignor.Subscription> subs = new HashMap<>();
        subs.put("a", ConsumerProtocol.deserializeSubscription(io.gregor.clients.consumer.assignor.ConsumerProtocol.serializeSubscription(
                new Subscription(List.of("t"), stale.subscriptionUserData(Set.of("t")), both, 3, null, null), (short) 1)));
        subs.put("b", ConsumerProtocol.deserializeSubscription(io.gregor.clients.consumer.assignor.ConsumerProtocol.serializeSubscription(
                new Subscription(List.of("t"), fresh.subscriptionUserData(Set.of("t")), both, 4, null, null), (short) 1)));
        var result = new org.apache.kafka.clients.consumer.CooperativeStickyAssignor().assign(Map.of("t", 2), subs);
        assertEquals(1, result.get("b").size(), result.toString());
        assertEquals(0, result.get("a").size(), "the stale claimant's partition moves only after the follow-up: " + result);
    }
}
