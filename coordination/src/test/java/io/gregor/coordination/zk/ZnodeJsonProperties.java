package io.gregor.coordination.zk;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Codec invariants over generated values: decode(encode(x)) == x. */
class ZnodeJsonProperties {

    @Property(tries = 200)
    void partitionStateRoundTrips(@ForAll @IntRange(min = -1, max = 1000) int leader,
                                  @ForAll @IntRange(min = 0) int leaderEpoch,
                                  @ForAll @Size(max = 6) @UniqueElements List<@IntRange(min = 0, max = 100) Integer> isr,
                                  @ForAll @IntRange(min = 0) int controllerEpoch,
                                  @ForAll @IntRange(min = 0, max = 1) int recovery) {
        PartitionState state = new PartitionState(leader, leaderEpoch, isr, controllerEpoch, (byte) recovery);
        assertEquals(state, PartitionState.fromJson("/s", state.toJson()));
    }

    @Provide
    Arbitrary<Map<Integer, List<Integer>>> assignments() {
        Arbitrary<List<Integer>> replicas = Arbitraries.integers().between(0, 50).list().uniqueElements().ofMinSize(1).ofMaxSize(5);
        return Arbitraries.maps(Arbitraries.integers().between(0, 500), replicas).ofMaxSize(20).map(TreeMap::new);
    }

    @Property(tries = 200)
    void topicAssignmentRoundTrips(@ForAll("assignments") Map<Integer, List<Integer>> replicas,
                                   @ForAll long most, @ForAll long least) {
        TopicAssignment topic = TopicAssignment.of("t", new KafkaUuid(most, least), replicas);
        assertEquals(topic, TopicAssignment.fromJson("/brokers/topics/t", "t", topic.toJson()));
    }

    @Property(tries = 200)
    void kafkaUuidTextRoundTrips(@ForAll long most, @ForAll long least) {
        KafkaUuid id = new KafkaUuid(most, least);
        assertEquals(22, id.toString().length());
        assertEquals(id, KafkaUuid.fromString(id.toString()));
    }
}
