package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's "range" strategy: topic by topic, the members subscribed to the topic (in
 * {@link MemberInfo} order) each get a contiguous range of its partitions; the first
 * {@code partitions % members} get one extra. Balanced within one partition per topic; across
 * topics the first members get the extras of every topic.
 */
public final class RangeAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> assigned = new HashMap<>();
        subscriptions.keySet().forEach(m -> assigned.put(m, new ArrayList<>()));
        Map<String, List<MemberInfo>> membersByTopic = new TreeMap<>();
        for (MemberInfo m : MemberInfo.sorted(subscriptions)) {
            for (String topic : subscriptions.get(m.memberId()).topics()) {
                List<MemberInfo> members = membersByTopic.computeIfAbsent(topic, t -> new ArrayList<>());
                if (!members.contains(m)) {
                    members.add(m);
                }
            }
        }
        membersByTopic.forEach((topic, members) -> {
            Integer partitions = partitionsPerTopic.get(topic);
            if (partitions == null || partitions == 0) {
                return;
            }
            int each = partitions / members.size();
            int extra = partitions % members.size();
            for (int i = 0; i < members.size(); i++) {
                int start = each * i + Math.min(i, extra);
                int length = each + (i < extra ? 1 : 0);
                List<TopicPartition> target = assigned.get(members.get(i).memberId());
                for (int p = start; p < start + length; p++) {
                    target.add(new TopicPartition(topic, p));
                }
            }
        });
        Map<String, Assignment> out = new HashMap<>();
        assigned.forEach((m, tps) -> out.put(m, new Assignment(tps)));
        return out;
    }
}
