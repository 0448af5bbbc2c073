package io.gregor.clients.tools;

import io.gregor.clients.admin.ConsumerGroupDescription;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.OffsetAndMetadata;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code gregor-consumer-groups.sh --reset-offsets}, as Kafka does it: only a group without members
 * (Empty or Dead) may be reset; the new offsets are computed per partition from the chosen scenario,
 * an explicit offset or a shift kept within [log start, log end]; they are printed, and committed
 * only with {@code --execute}.
 */
final class OffsetReset {
    private final GregorAdmin admin;
    private final CommandLine cl;
    private final List<TopicPartition> explicitPartitions;
    private final List<String> wholeTopics;

    OffsetReset(GregorAdmin admin, CommandLine cl, List<TopicPartition> explicitPartitions, List<String> wholeTopics) {
        this.admin = admin;
        this.cl = cl;
        this.explicitPartitions = explicitPartitions;
        this.wholeTopics = wholeTopics;
    }

    int run(List<String> groupIds, PrintStream out, PrintStream err) throws CommandLine.UsageException {
        boolean execute = cl.has("execute");
        int code = 0;
        Map<String, Map<TopicPartition, Long>> plans = new LinkedHashMap<>();
        for (ConsumerGroupDescription d : admin.describeConsumerGroups(groupIds).values()) {
            if (!d.isInactive()) {
                err.println("Error: Assignments can only be reset if the group '" + d.groupId()
                        + "' is inactive, but the current state is " + d.state() + ".");
                plans.put(d.groupId(), Map.of());
                code = 1;
                continue;
            }
            Map<TopicPartition, Long> plan = sorted(plan(d.groupId(), err));
            if (execute) {
                admin.alterConsumerGroupOffsets(d.groupId(), plan);
            }
            plans.put(d.groupId(), plan);
        }
        out.print(ConsumerGroupsOutput.resetPlan(plans));
        return code;
    }

    private List<TopicPartition> partitionsToReset(String groupId) {
        if (cl.has("all-topics")) {
            return new ArrayList<>(admin.listConsumerGroupOffsets(groupId).keySet());
        }
        List<TopicPartition> partitions = new ArrayList<>(explicitPartitions);
        if (!wholeTopics.isEmpty()) {
            for (TopicDescription t : admin.describeTopics(wholeTopics).values()) {
                t.partitions().stream().map(PartitionInfo::topicPartition).forEach(partitions::add);
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> plan(String groupId, PrintStream err) throws CommandLine.UsageException {
        List<TopicPartition> partitions = partitionsToReset(groupId);
        Map<TopicPartition, Long> plan = new LinkedHashMap<>();
        if (cl.has("to-earliest") || cl.has("to-latest")) {
            long spec = cl.has("to-earliest") ? GregorAdmin.EARLIEST_TIMESTAMP : GregorAdmin.LATEST_TIMESTAMP;
            Map<TopicPartition, Long> offsets = logOffsets(partitions, spec);
            for (TopicPartition tp : partitions) {
                plan.put(tp, require(offsets, tp, spec));
            }
        } else if (cl.has("to-offset")) {
            long offset = cl.longValue("to-offset", 0);
            partitions.forEach(tp -> plan.put(tp, offset));
            return withinLogRange(plan, err);
        } else if (cl.has("shift-by")) {
            long shift = cl.longValue("shift-by", 0);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata current = committed.get(tp);
                if (current == null) {
                    throw new IllegalArgumentException("Cannot shift offset for partition " + tp
                            + " since there is no current committed offset");
                }
                plan.put(tp, current.offset() + shift);
            }
            return withinLogRange(plan, err);
        } else {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId);
            List<TopicPartition> uncommitted = partitions.stream().filter(tp -> !committed.containsKey(tp)).toList();
            Map<TopicPartition, Long> logEnd = logOffsets(uncommitted, GregorAdmin.LATEST_TIMESTAMP);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata current = committed.get(tp);
                plan.put(tp, current != null ? current.offset() : require(logEnd, tp, GregorAdmin.LATEST_TIMESTAMP));
            }
        }
        return plan;
    }

    private Map<TopicPartition, Long> logOffsets(Collection<TopicPartition> partitions, long spec) {
        return admin.listOffsets(partitions.stream().distinct().collect(Collectors.toMap(tp -> tp, tp -> spec)));
    }

    private static long require(Map<TopicPartition, Long> offsets, TopicPartition tp, long spec) {
        Long offset = offsets.get(tp);
        if (offset == null) {
            throw new IllegalArgumentException("Error getting " + (spec == GregorAdmin.EARLIEST_TIMESTAMP ? "starting" : "ending")
                    + " offset of topic partition: " + tp + " (is it in the metadata?)");
        }
        return offset;
    }

    /** Kafka's range check: an offset past the log end becomes the log end, one before the log start the log start. */
    private Map<TopicPartition, Long> withinLogRange(Map<TopicPartition, Long> requested, PrintStream err) {
        Map<TopicPartition, Long> start = logOffsets(requested.keySet(), GregorAdmin.EARLIEST_TIMESTAMP);
        Map<TopicPartition, Long> end = logOffsets(requested.keySet(), GregorAdmin.LATEST_TIMESTAMP);
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        requested.forEach((tp, offset) -> {
            long last = require(end, tp, GregorAdmin.LATEST_TIMESTAMP);
            long first = require(start, tp, GregorAdmin.EARLIEST_TIMESTAMP);
            if (offset > last) {
                err.println("WARN: New offset (" + offset + ") is higher than latest offset for topic partition " + tp
                        + ". Value will be set to " + last);
                out.put(tp, last);
            } else if (offset < first) {
                err.println("WARN: New offset (" + offset + ") is lower than earliest offset for topic partition " + tp
                        + ". Value will be set to " + first);
                out.put(tp, first);
            } else {
                out.put(tp, offset);
            }
        });
        return out;
    }

    /** The plan's partitions in topic, then partition order. */
    private static Map<TopicPartition, Long> sorted(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> m = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        m.putAll(offsets);
        return new LinkedHashMap<>(m);
    }
}
