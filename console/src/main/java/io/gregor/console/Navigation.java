package io.gregor.console;

import java.util.List;
import java.util.function.Predicate;

/**
 * The console's pages as the nav bar and the front page list them, in order. An entry whose path has
 * no route yet is shown as "not yet" instead of a link, so a page appears everywhere once its route is
 * registered in {@link ConsoleServer#register}.
 */
public final class Navigation {
    /** One page: its path, its label and what the front page says about it. */
    public record Entry(String path, String label, String description) {
    }

    public static final List<Entry> PAGES = List.of(
            new Entry("/cluster", "Cluster", "Controller and epoch, brokers with endpoints and rack, the ZooKeeper connection."),
            new Entry("/topics", "Topics", "Partitions, leaders, replicas and ISR, under-replicated and offline partitions, configs and sizes."),
            new Entry("/groups", "Consumer groups", "State, members, committed offsets, log end offsets and lag."),
            new Entry("/messages", "Messages", "The records of a partition: the latest N, or from an offset or a timestamp."),
            new Entry("/zookeeper", "ZooKeeper", "The znode tree under the cluster's chroot, with each znode's data and stat."),
            new Entry("/charts", "Charts", "Messages and bytes in and out per broker, live from the brokers' metrics."));

    private final Predicate<String> hasPage;

    Navigation(Predicate<String> hasPage) {
        this.hasPage = hasPage;
    }

    /** True when {@code path} has a page. */
    public boolean available(String path) {
        return hasPage.test(path);
    }
}
