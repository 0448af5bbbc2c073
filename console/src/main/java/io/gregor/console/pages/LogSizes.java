package io.gregor.console.pages;

import io.gregor.clients.admin.LogDirInfo;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.console.ClusterAccess;
import io.gregor.console.ConsoleError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The size of each partition from the brokers' log directories (DescribeLogDirs to every live broker):
 * the largest of its replicas' logs (future copies of a log-dir move left out), so a partition counts once
 * however many replicas it has. When the brokers cannot or may not answer, {@link #problem()} says why
 * and every size is unknown.
 */
record LogSizes(Map<TopicPartition, Long> bytes, String problem) {

    static LogSizes read(ClusterAccess cluster, List<Node> liveBrokers) {
        try {
            Map<Integer, Map<String, LogDirInfo>> dirs = cluster.admin("reading the brokers' log directories",
                    a -> a.describeLogDirs(liveBrokers.stream().map(Node::id).toList()));
            Map<TopicPartition, Long> sizes = new HashMap<>();
            dirs.values().forEach(byPath -> byPath.values().forEach(dir -> dir.replicas().forEach((tp, r) -> {
                if (!r.isFuture()) {
                    sizes.merge(tp, r.size(), Math::max);
                }
            })));
            return new LogSizes(sizes, null);
        } catch (ConsoleError e) {
            return new LogSizes(Map.of(), e.getMessage());
        }
    }

    /** The partition's size as text ("?" when unknown). */
    String of(TopicPartition tp) {
        Long b = bytes.get(tp);
        return b == null ? "?" : Bytes.format(b);
    }

    /** The sum of the partitions' sizes as text ("?" when any is unknown). */
    String sum(List<TopicPartition> partitions) {
        long total = 0;
        for (TopicPartition tp : partitions) {
            Long b = bytes.get(tp);
            if (b == null) {
                return "?";
            }
            total += b;
        }
        return Bytes.format(total);
    }
}
