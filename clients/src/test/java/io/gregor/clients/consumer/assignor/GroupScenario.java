package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A random group for assignor properties: topics "t0".."tN" with partition counts, and member ids
 * "m0".."mK" with their subscriptions (all topics when {@code equal}, else a random non-empty subset),
 * some of them static members. Test-only.
 */
record GroupScenario(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {

    static Arbitrary<GroupScenario> groups(boolean equal) {
        Arbitrary<List<Integer>> counts = Arbitraries.integers().between(0, 9).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Integer> members = Arbitraries.integers().between(1, 6);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(counts, members, seeds).as((c, m, seed) -> build(c, m, seed, equal));
    }

    private static GroupScenario build(List<Integer> counts, int members, long seed, boolean equal) {
        Random random = new Random(seed);
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (int i = 0; i < counts.size(); i++) {
            partitions.put("t" + i, counts.get(i));
        }
        List<String> topics = new ArrayList<>(partitions.keySet());
        Map<String, Subscription> subs = new HashMap<>();
        for (int i = 0; i < members; i++) {
            List<String> mine = new ArrayList<>();
            for (String t : topics) {
                if (equal || random.nextBoolean()) {
                    mine.add(t);
                }
            }
            if (mine.isEmpty()) {
                mine.add(topics.get(random.nextInt(topics.size())));
            }
            String instance = random.nextInt(4) == 0 ? "static-" + random.nextInt(100) + "-" + i : null;
            subs.put("m" + i, new Subscription(mine, null, List.of(), -1, null, instance));
        }
        return new GroupScenario(partitions, subs);
    }

    /** Every partition some member subscribes to. */
    Set<TopicPartition> subscribedPartitions() {
        Set<TopicPartition> out = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        subscriptions.values().forEach(s -> s.topics().forEach(t -> {
            for (int p = 0; p < partitionsPerTopic.getOrDefault(t, 0); p++) {
                out.add(new TopicPartition(t, p));
            }
        }));
        return out;
    }

    /** The same group where each member owns {@code owned.get(member)} as of {@code generation}. */
    GroupScenario owning(Map<String, List<TopicPartition>> owned, int generation) {
        Map<String, Subscription> subs = new HashMap<>();
        subscriptions.forEach((m, s) -> subs.put(m, new Subscription(s.topics(), null, owned.getOrDefault(m, List.of()),
                generation, null, s.groupInstanceId())));
        return new GroupScenario(partitionsPerTopic, subs);
    }
}
