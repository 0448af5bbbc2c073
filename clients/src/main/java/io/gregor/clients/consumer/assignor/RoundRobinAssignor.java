package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka's "roundrobin" strategy: every partition of every subscribed topic (topics by name,
 * partitions by number) goes to the next member in {@link MemberInfo} order, cycling, skipping
 * members not subscribed to its topic. When all members subscribe to the same topics, member
 * partition counts differ by at most one overall.
 */
public final class RoundRobinAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "roundrobin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> assigned = new HashMap<>();
        subscriptions.keySet().forEach(m -> assigned.put(m, new ArrayList<>()));
        List<MemberInfo> members = MemberInfo.sorted(subscriptions);
        if (members.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> topicsOf = new HashMap<>();
        Set<String> allTopics = new TreeSet<>();
        subscriptions.forEach((m, s) -> {
            topicsOf.put(m, new HashSet<>(s.topics()));
            allTopics.addAll(s.topics());
        });
        int next = 0;
        for (String topic : allTopics) {
            int partitions = partitionsPerTopic.getOrDefault(topic, 0);
            for (int p = 0; p < partitions; p++) {
                while (!topicsOf.get(members.get(next).memberId()).contains(topic)) {
                    next = (next + 1) % members.size();
                }
                assigned.get(members.get(next).memberId()).add(new TopicPartition(topic, p));
                next = (next + 1) % members.size();
            }
        }
        Map<String, Assignment> out = new HashMap<>();
        assigned.forEach((m, tps) -> out.put(m, new Assignment(tps)));
        return out;
    }
}
