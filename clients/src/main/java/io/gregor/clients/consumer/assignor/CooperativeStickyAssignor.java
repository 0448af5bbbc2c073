package io.gregor.clients.consumer.assignor;

import io.gregor.clients.network.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's "cooperative-sticky" strategy: a balanced assignment that keeps as many partitions as
 * possible with the member that owns them, for the cooperative rebalance protocol. A partition
 * moving to another member is left out of this round entirely: its owner revokes it, rejoins, and
 * the follow-up rebalance hands it over. Ownership comes from each subscription's owned partitions;
 * when two members claim one partition the claim of the higher generation (subscription generation,
 * else the int32 generation in the user data) wins. User data is that int32 generation, as Kafka writes it.
 *
 * <p>With equal subscriptions the result is balanced within one partition; otherwise partitions go
 * to the least loaded eligible member and are then moved until no eligible member has two fewer.
 */
public final class CooperativeStickyAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "cooperative-sticky";
    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** The generation of this member's last assignment; -1 before the first. Polling thread only. */
    private int generation = -1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE, RebalanceProtocol.EAGER);
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.allocate(4).putInt(0, generation);
    }

    @Override
    public void onAssignment(Assignment assignment, int generationId) {
        generation = generationId;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        List<MemberInfo> members = MemberInfo.sorted(subscriptions);
        Map<String, Set<String>> topicsOf = new HashMap<>();
        subscriptions.forEach((m, s) -> topicsOf.put(m, new HashSet<>(s.topics())));
        Map<TopicPartition, String> owner = validOwners(partitionsPerTopic, subscriptions, members, topicsOf);

        Map<String, List<TopicPartition>> assigned = new LinkedHashMap<>();
        members.forEach(m -> assigned.put(m.memberId(), new ArrayList<>()));
        Set<String> firstTopics = new HashSet<>(members.isEmpty() ? List.of() : subscriptions.get(members.get(0).memberId()).topics());
        boolean equalSubscriptions = topicsOf.values().stream().allMatch(firstTopics::equals);
        if (equalSubscriptions) {
            assignWithQuotas(partitionsOf(partitionsPerTopic, firstTopics), owner, assigned);
        } else {
            assignGreedily(partitionsPerTopic, owner, assigned, topicsOf);
        }
        Map<String, Assignment> out = new HashMap<>();
        assigned.forEach((member, tps) -> {
            // a partition another member still owns is revoked by it first; the next rebalance hands it over
            List<TopicPartition> now = tps.stream().filter(tp -> member.equals(owner.getOrDefault(tp, member)))
                    .sorted(PARTITION_ORDER).toList();
            out.put(member, new Assignment(now));
        });
        return out;
    }

    private static int generationOf(Subscription s) {
        if (s.generationId() >= 0) {
            return s.generationId();
        }
        ByteBuffer ud = s.userData();
        return ud != null && ud.remaining() >= 4 ? ud.getInt(ud.position()) : -1;
    }

    private static Map<TopicPartition, String> validOwners(Map<String, Integer> partitionsPerTopic,
            Map<String, Subscription> subscriptions, List<MemberInfo> members, Map<String, Set<String>> topicsOf) {
        Map<TopicPartition, String> owner = new HashMap<>();
        Map<TopicPartition, Integer> ownerGeneration = new HashMap<>();
        for (MemberInfo m : members) {
            Subscription s = subscriptions.get(m.memberId());
            int gen = generationOf(s);
            for (TopicPartition tp : s.ownedPartitions()) {
                boolean exists = tp.partition() < partitionsPerTopic.getOrDefault(tp.topic(), 0);
                if (!exists || !topicsOf.get(m.memberId()).contains(tp.topic())) {
                    continue;
                }
                Integer previous = ownerGeneration.get(tp);
                if (previous == null || gen > previous) {
                    owner.put(tp, m.memberId());
                    ownerGeneration.put(tp, gen);
                }
            }
        }
        return owner;
    }

    private static List<TopicPartition> partitionsOf(Map<String, Integer> partitionsPerTopic, Set<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            for (int p = 0; p < partitionsPerTopic.getOrDefault(topic, 0); p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        all.sort(PARTITION_ORDER);
        return all;
    }

    /** Equal subscriptions: each member keeps owned partitions up to its quota, then the rest fill the gaps. */
    private static void assignWithQuotas(List<TopicPartition> all, Map<TopicPartition, String> owner,
                                         Map<String, List<TopicPartition>> assigned) {
        int n = assigned.size();
        if (n == 0) {
            return;
        }
        int minQuota = all.size() / n;
        int maxSlots = all.size() % n; // members that may hold minQuota + 1
        Map<String, List<TopicPartition>> owned = new HashMap<>();
        for (TopicPartition tp : all) {
            String o = owner.get(tp);
            if (o != null) {
                owned.computeIfAbsent(o, k -> new ArrayList<>()).add(tp);
            }
        }
        Set<TopicPartition> taken = new HashSet<>();
        for (var e : assigned.entrySet()) {
            List<TopicPartition> mine = owned.getOrDefault(e.getKey(), List.of());
            int keep = Math.min(mine.size(), minQuota);
            if (mine.size() > minQuota && maxSlots > 0) {
                keep = minQuota + 1;
                maxSlots--;
            }
            e.getValue().addAll(mine.subList(0, keep));
            taken.addAll(mine.subList(0, keep));
        }
        List<TopicPartition> free = new ArrayList<>(all.stream().filter(tp -> !taken.contains(tp)).toList());
        int next = 0;
        for (List<TopicPartition> tps : assigned.values()) {
            while (tps.size() < minQuota) {
                tps.add(free.get(next++));
            }
        }
        for (List<TopicPartition> tps : assigned.values()) {
            if (next < free.size() && tps.size() == minQuota && maxSlots > 0) {
                tps.add(free.get(next++));
                maxSlots--;
            }
        }
    }

    /** Different subscriptions: keep owned, give the rest to the least loaded eligible member, then even out. */
    private static void assignGreedily(Map<String, Integer> partitionsPerTopic, Map<TopicPartition, String> owner,
                                       Map<String, List<TopicPartition>> assigned, Map<String, Set<String>> topicsOf) {
        Set<String> topics = new HashSet<>();
        topicsOf.values().forEach(topics::addAll);
        Map<TopicPartition, String> holder = new HashMap<>();
        for (TopicPartition tp : partitionsOf(partitionsPerTopic, topics)) {
            String o = owner.get(tp);
            String target = o != null ? o : assigned.keySet().stream().filter(m -> topicsOf.get(m).contains(tp.topic()))
                    .min(Comparator.comparingInt(m -> assigned.get(m).size())).orElseThrow();
            assigned.get(target).add(tp);
            holder.put(tp, target);
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (TopicPartition tp : partitionsOf(partitionsPerTopic, topics)) {
                String from = holder.get(tp);
                String to = assigned.keySet().stream().filter(m -> topicsOf.get(m).contains(tp.topic()))
                        .min(Comparator.comparingInt(m -> assigned.get(m).size())).orElseThrow();
                if (assigned.get(to).size() < assigned.get(from).size() - 1) {
                    assigned.get(from).remove(tp);
                    assigned.get(to).add(tp);
                    holder.put(tp, to);
                    moved = true;
                }
            }
        }
    }
}
