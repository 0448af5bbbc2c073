package io.gregor.console.pages;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.ClusterDescription;
import io.gregor.clients.admin.ConfigEntry;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import io.gregor.console.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One topic ({@code /topics/<name>}): per partition its leader, replicas and ISR, under-replicated and
 * offline partitions marked (row class and word), its size and log start and end offsets; then the
 * topic's configs, those set on the topic first. An unknown topic is a 404 page that says so.
 */
public final class TopicPage implements Route {
    /** Kafka's legal topic names. */
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final ConsoleContext context;

    public TopicPage(ConsoleContext context) {
        this.context = context;
    }

    /** Refuses (400) a name Kafka would not accept as a topic name, saying why. */
    public static String checkTopicName(String name) {
        if (name == null || !LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw ConsoleError.badRequest("'" + name + "' is not a valid topic name: use 1 to 249 of the letters, "
                    + "digits, '.', '_' and '-' (and not '.' or '..' alone).");
        }
        return name;
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        String name = checkTopicName(request.rest());
        TopicDescription topic = describe(name);
        ClusterDescription cluster = context.cluster().admin("describing the cluster", a -> a.describeCluster());
        List<TopicPartition> tps = topic.partitions().stream().map(PartitionInfo::topicPartition).toList();
        LogSizes sizes = LogSizes.read(context.cluster(), cluster.nodes());
        // a leaderless partition has no one to ask: its offsets show as unknown rather than wait for a leader
        List<TopicPartition> led = topic.partitions().stream().filter(PartitionInfo::hasLeader)
                .map(PartitionInfo::topicPartition).toList();
        Map<TopicPartition, Long> start = offsets(led, GregorAdmin.EARLIEST_TIMESTAMP);
        Map<TopicPartition, Long> end = offsets(led, GregorAdmin.LATEST_TIMESTAMP);

        StringBuilder body = new StringBuilder(io.gregor.console.Layout.done(request));
        body.append("<table class=\"kv\" id=\"topic-summary\"><tr><th>Topic id</th><td class=\"mono\">")
                .append(esc(topic.topicId())).append("</td></tr><tr><th>Partitions</th><td>")
                .append(topic.partitions().size()).append("</td></tr><tr><th>Replication factor</th><td>")
                .append(topic.replicationFactor()).append("</td></tr><tr><th>Size</th><td>")
                .append(esc(sizes.sum(tps))).append("</td></tr>")
                .append(topic.internal() ? "<tr><th>Internal</th><td>yes</td></tr>" : "").append("</table>");
        if (!context.readOnly() && !topic.internal()) {
            body.append("<p><a class=\"action\" id=\"add-partitions\" href=\"/actions/add-partitions?topic=")
                    .append(esc(Html.url(name))).append("\">Add partitions</a></p>");
        }
        body.append("<h2>Partitions</h2>");
        Table partitions = new Table("partitions", "#Partition", "#Leader", "Replicas", "ISR", "Status", "#Size",
                "#Log start offset", "#Log end offset");
        for (PartitionInfo p : topic.partitions()) {
            PartitionHealth health = PartitionHealth.of(p);
            TopicPartition tp = p.topicPartition();
            // the partition number opens its latest records in the message browser
            partitions.row(health.rowClass(), Table.link("/messages?topic=" + Html.url(name) + "&partition="
                            + tp.partition(), tp.partition()),
                    p.hasLeader() ? Integer.toString(p.leader()) : "<span class=\"offline\">none</span>",
                    ids(p.replicas()), ids(p.isr()), health.marker(), esc(sizes.of(tp)),
                    offset(start.get(tp)), offset(end.get(tp)));
        }
        body.append(partitions.html());
        if (sizes.problem() != null) {
            body.append("<p class=\"note\">Sizes unknown: ").append(esc(sizes.problem())).append("</p>");
        }
        body.append("<h2>Configs</h2>").append(configs(name));
        return PageResponse.html(context.layout().page("Topic " + name, "/topics", body.toString()));
    }

    private TopicDescription describe(String name) {
        try {
            return context.cluster().admin("describing topic " + name, a -> a.describeTopics(List.of(name))).get(name);
        } catch (ConsoleError e) {
            if (e.status() == 404) {
                throw new ConsoleError(404, "Unknown topic", "There is no topic named '" + name + "' in this cluster"
                        + " (or the console's principal may not see it).", e.getCause());
            }
            throw e;
        }
    }

    /** The partitions' offsets at {@code spec}; empty (shown as "?") when the leaders cannot answer. */
    private Map<TopicPartition, Long> offsets(List<TopicPartition> tps, long spec) {
        Map<TopicPartition, Long> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, spec));
        try {
            return context.cluster().admin("listing offsets", a -> a.listOffsets(query));
        } catch (ConsoleError e) {
            return Map.of();
        }
    }

    private String configs(String name) {
        List<ConfigEntry> entries;
        try {
            entries = context.cluster().admin("describing the configs of topic " + name,
                    a -> a.describeTopicConfigs(List.of(name))).getOrDefault(name, List.of());
        } catch (ConsoleError e) {
            return "<p class=\"error-message\">" + esc(e.getMessage()) + "</p>";
        }
        Table table = new Table("configs", "Name", "Value", "Source");
        entries.stream().sorted((a, b) -> Boolean.compare(a.isDefault(), b.isDefault())).forEach(c ->
                table.row(c.isDefault() ? "default" : "set", "<span class=\"mono\">" + esc(c.name()) + "</span>",
                        c.sensitive() ? "<em>(sensitive)</em>" : "<span class=\"mono\">" + esc(c.value()) + "</span>",
                        esc(c.source().name())));
        return table.html();
    }

    private static String ids(List<Integer> ids) {
        return esc(ids.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    private static String offset(Long offset) {
        return offset == null ? "?" : Long.toString(offset);
    }
}
