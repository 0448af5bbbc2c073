package io.gregor.console.pages;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.ClusterDescription;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import io.gregor.console.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topics page: every topic the console's principal may see (internal ones marked), with its partition
 * count, replication factor, how many partitions are under-replicated and offline, and its size.
 */
public final class TopicsPage implements Route {
    private final ConsoleContext context;

    public TopicsPage(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        Set<String> names = context.cluster().admin("listing topics", a -> a.listTopics(true));
        Map<String, TopicDescription> topics = names.isEmpty() ? Map.of()
                : context.cluster().admin("describing topics", a -> a.describeTopics(names));
        ClusterDescription cluster = context.cluster().admin("describing the cluster", a -> a.describeCluster());
        LogSizes sizes = LogSizes.read(context.cluster(), cluster.nodes());

        StringBuilder body = new StringBuilder();
        if (!context.readOnly()) {
            body.append("<p><a class=\"action\" id=\"create-topic\" href=\"/actions/create-topic\">Create a topic</a></p>");
        }
        body.append("<p><input type=\"search\" placeholder=\"Filter topics\" data-filter=\"topics\"></p>");
        Table table = new Table("topics", "Topic", "#Partitions", "#Replication factor", "#Under-replicated",
                "#Offline", "#Size");
        int underTotal = 0;
        int offlineTotal = 0;
        for (TopicDescription t : topics.values()) {
            int under = 0;
            int offline = 0;
            for (PartitionInfo p : t.partitions()) {
                switch (PartitionHealth.of(p)) {
                    case OFFLINE -> offline++;
                    case UNDER_REPLICATED -> under++;
                    default -> { }
                }
            }
            underTotal += under;
            offlineTotal += offline;
            List<TopicPartition> tps = t.partitions().stream().map(PartitionInfo::topicPartition).toList();
            String rowClass = offline > 0 ? "offline" : under > 0 ? "under-replicated" : "";
            table.row(rowClass, Table.link("/topics/" + Html.url(t.name()), t.name())
                            + (t.internal() ? " <span class=\"note\">(internal)</span>" : ""),
                    Integer.toString(t.partitions().size()), Integer.toString(t.replicationFactor()),
                    under == 0 ? "0" : PartitionHealth.UNDER_REPLICATED.marker() + " " + under,
                    offline == 0 ? "0" : PartitionHealth.OFFLINE.marker() + " " + offline,
                    esc(sizes.sum(tps)));
        }
        body.append("<p class=\"note\">").append(topics.size()).append(" topics; ").append(underTotal)
                .append(" partitions under-replicated, ").append(offlineTotal).append(" offline.</p>");
        body.append(table.html());
        if (sizes.problem() != null) {
            body.append("<p class=\"note\">Sizes unknown: ").append(esc(sizes.problem())).append("</p>");
        }
        return PageResponse.html(context.layout().page("Topics", "/topics", body.toString()));
    }
}
