package io.gregor.clients.consumer.assignor;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A member as assignors order them, as Kafka orders them: static members (with a group instance id)
 * first, by instance id, then dynamic members by member id. The order decides who gets the extra
 * partitions, so Gregor and Kafka leaders produce the same range and round-robin assignments.
 */
record MemberInfo(String memberId, String groupInstanceId) implements Comparable<MemberInfo> {
    private static final Comparator<MemberInfo> ORDER = Comparator
            .comparing((MemberInfo m) -> m.groupInstanceId == null)
            .thenComparing(m -> m.groupInstanceId == null ? "" : m.groupInstanceId)
            .thenComparing(MemberInfo::memberId);

    @Override
    public int compareTo(MemberInfo o) {
        return ORDER.compare(this, o);
    }

    static List<MemberInfo> sorted(Map<String, Subscription> subscriptions) {
        return subscriptions.entrySet().stream()
                .map(e -> new MemberInfo(e.getKey(), e.getValue().groupInstanceId()))
                .sorted()
                .toList();
    }
}
