package io.gregor.clients.tools;

import io.gregor.clients.admin.ConsumerGroupDescription;
import io.gregor.clients.admin.ConsumerGroupListing;
import io.gregor.clients.admin.MemberDescription;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The tables of {@code gregor-consumer-groups.sh}, laid out as Kafka's {@code kafka-consumer-groups.sh}
 * lays them out: left-aligned columns at least 15 wide that grow with the longest value, "-" for
 * anything unknown, each table starting with an empty line. Pure functions of their input.
 */
final class ConsumerGroupsOutput {
    static final String MISSING = "-";

    private ConsumerGroupsOutput() {
    }

    /** One line of {@code --describe} (offsets view). */
    record OffsetRow(String group, String topic, String partition, String currentOffset, String logEndOffset,
                     String lag, String consumerId, String host, String clientId) {
        /** A row for a partition: lag is log end offset minus committed offset, "-" when either is unknown. */
        static OffsetRow of(String group, TopicPartition tp, Long committed, Long logEndOffset, String consumerId,
                            String host, String clientId) {
            String lag = committed == null || logEndOffset == null ? MISSING : String.valueOf(logEndOffset - committed);
            return new OffsetRow(group, tp.topic(), String.valueOf(tp.partition()), text(committed), text(logEndOffset),
                    lag, consumerId, host, clientId);
        }

        private static String text(Long v) {
            return v == null ? MISSING : String.valueOf(v);
        }
    }

    static String offsets(List<OffsetRow> rows) {
        int group = 15;
        int topic = 15;
        int consumer = 15;
        int host = 15;
        for (OffsetRow r : rows) {
            group = Math.max(group, r.group.length());
            topic = Math.max(topic, r.topic.length());
            consumer = Math.max(consumer, r.consumerId.length());
            host = Math.max(host, r.host.length());
        }
        String format = "%n%-" + group + "s %-" + topic + "s %-10s %-15s %-15s %-15s %-" + consumer + "s %-" + host + "s %s";
        StringBuilder sb = new StringBuilder(String.format(format, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET",
                "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"));
        for (OffsetRow r : rows) {
            sb.append(String.format(format, r.group, r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag,
                    r.consumerId, r.host, r.clientId));
        }
        return sb.append(System.lineSeparator()).toString();
    }

    /** {@code --describe --members}: one line per member; GROUP-INSTANCE-ID only if some member is static. */
    static String members(String groupId, List<MemberDescription> members, boolean verbose) {
        int group = Math.max(15, groupId.length());
        int consumer = 15;
        int instance = 17;
        int host = 15;
        int client = 15;
        boolean withInstance = false;
        for (MemberDescription m : members) {
            consumer = Math.max(consumer, m.consumerId().length());
            String id = m.groupInstanceId() == null ? "" : m.groupInstanceId();
            instance = Math.max(instance, id.length());
            withInstance |= !id.isEmpty();
            host = Math.max(host, m.host().length());
            client = Math.max(client, m.clientId().length());
        }
        String format = withInstance
                ? "%-" + group + "s %-" + consumer + "s %-" + instance + "s %-" + host + "s %-" + client + "s %-15s "
                : "%-" + group + "s %-" + consumer + "s %-" + host + "s %-" + client + "s %-15s ";
        StringBuilder sb = new StringBuilder(System.lineSeparator());
        sb.append(withInstance ? String.format(format, "GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS")
                : String.format(format, "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"));
        if (verbose) {
            sb.append("ASSIGNMENT");
        }
        sb.append(System.lineSeparator());
        for (MemberDescription m : members) {
            int n = m.assignment().size();
            sb.append(withInstance
                    ? String.format(format, groupId, m.consumerId(), m.groupInstanceId() == null ? "" : m.groupInstanceId(),
                            m.host(), m.clientId(), n)
                    : String.format(format, groupId, m.consumerId(), m.host(), m.clientId(), n));
            if (verbose) {
                sb.append(assignment(m.assignment()));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** A member's partitions as {@code topic(0,1), other(2)}, or "-" when it has none. */
    static String assignment(List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return MISSING;
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new java.util.ArrayList<>()).add(tp.partition()));
        return byTopic.entrySet().stream().map(e -> e.getKey() + e.getValue().stream().sorted().map(String::valueOf)
                .collect(Collectors.joining(",", "(", ")"))).collect(Collectors.joining(", "));
    }

    /** {@code --describe --state}: coordinator, assignor, state and member count of one group. */
    static String state(ConsumerGroupDescription d) {
        Node c = d.coordinator();
        String coordinator = c.host() + ":" + c.port() + "  (" + c.id() + ")";
        int width = Math.max(25, coordinator.length());
        String format = "%n%-" + width + "s %-25s %-20s %-15s %s";
        return String.format(format, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS")
                + String.format(format, d.groupId(), coordinator, d.partitionAssignor(), d.state(), d.members().size())
                + System.lineSeparator();
    }

    /** {@code --list --state}: group ids with their state. */
    static String listWithState(List<ConsumerGroupListing> groups) {
        int width = groups.stream().mapToInt(g -> Math.max(15, g.groupId().length())).max().orElse(15) + 10;
        String format = "%-" + width + "s %-20s%n";
        StringBuilder sb = new StringBuilder(String.format(format, "GROUP", "STATE"));
        groups.forEach(g -> sb.append(String.format(format, g.groupId(), g.state())));
        return sb.toString();
    }

    /** The plan (dry run) or result (execute) of {@code --reset-offsets}: one line per group and partition. */
    static String resetPlan(Map<String, Map<TopicPartition, Long>> plan) {
        String format = "%n%-30s %-30s %-10s %-15s";
        StringBuilder sb = new StringBuilder();
        if (!plan.isEmpty()) {
            sb.append(String.format(format, "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        }
        plan.forEach((group, offsets) -> offsets.forEach((tp, offset) ->
                sb.append(String.format(format, group, tp.topic(), tp.partition(), offset))));
        return sb.append(System.lineSeparator()).toString();
    }
}
