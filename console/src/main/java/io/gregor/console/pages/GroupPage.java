package io.gregor.console.pages;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.ConsumerGroupDescription;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.MemberDescription;
import io.gregor.clients.admin.OffsetAndMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import io.gregor.console.Table;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One consumer group ({@code /groups/<id>}): state, coordinator and assignor; its members (client id,
 * host, assigned partitions); per partition the committed offset, the log end offset (ListOffsets latest)
 * and the lag between them, with the member that owns the partition. A group the coordinator does not
 * know and that has no committed offsets is a 404 page that says so.
 */
public final class GroupPage implements Route {
    /** Partitions by topic, then number: the order of every table of partitions. */
    public static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final ConsoleContext context;

    public GroupPage(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        String groupId = request.rest();
        ConsumerGroupDescription group = context.cluster().admin("describing group " + groupId,
                a -> a.describeConsumerGroups(java.util.List.of(groupId))).get(groupId);
        Map<TopicPartition, OffsetAndMetadata> committed = context.cluster().admin(
                "reading the committed offsets of group " + groupId, a -> a.listConsumerGroupOffsets(groupId));
        if ((group == null || group.state().equals("Dead")) && committed.isEmpty()) {
            throw new ConsoleError(404, "Unknown group", "There is no consumer group named '" + groupId
                    + "' in this cluster (or the console's principal may not see it).");
        }
        Map<TopicPartition, String> owners = new HashMap<>();
        if (group != null) {
            for (MemberDescription m : group.members()) {
                m.assignment().forEach(tp -> owners.put(tp, m.clientId()));
            }
        }
        Map<TopicPartition, Long> endOffsets = logEndOffsets(committed, owners);

        StringBuilder body = new StringBuilder(io.gregor.console.Layout.done(request));
        body.append("<table class=\"kv\" id=\"group-summary\"><tr><th>State</th><td id=\"group-state\">")
                .append(esc(group == null ? "?" : group.state())).append("</td></tr><tr><th>Coordinator</th><td>")
                .append(group == null || group.coordinator() == null ? "?" : "broker " + group.coordinator().id())
                .append("</td></tr><tr><th>Assignor</th><td>")
                .append(esc(group == null || group.partitionAssignor().isEmpty() ? "none" : group.partitionAssignor()))
                .append("</td></tr></table>");
        if (!context.readOnly()) {
            body.append("<p><a class=\"action\" id=\"reset-offsets\" href=\"/actions/reset-offsets?group=")
                    .append(esc(Html.url(groupId))).append("\">Reset offsets</a></p>");
        }

        body.append("<h2>Members</h2>");
        Table members = new Table("members", "Member id", "Client id", "Host", "Assignment");
        if (group != null) {
            for (MemberDescription m : group.members()) {
                members.row(null, "<span class=\"mono\">" + esc(m.consumerId()) + "</span>", esc(m.clientId()),
                        esc(m.host()), esc(m.assignment().stream().sorted(ORDER).map(TopicPartition::toString)
                                .collect(Collectors.joining(", "))));
            }
        }
        body.append(members.html());
        if (group == null || group.members().isEmpty()) {
            body.append("<p class=\"note\">The group has no members.</p>");
        }

        body.append("<h2>Offsets</h2>");
        Table offsets = new Table("offsets", "Topic", "#Partition", "#Committed offset", "#Log end offset", "#Lag",
                "Owner");
        Map<TopicPartition, Boolean> rows = new TreeMap<>(ORDER);
        committed.keySet().forEach(tp -> rows.put(tp, true));
        owners.keySet().forEach(tp -> rows.put(tp, true));
        long totalLag = 0;
        for (TopicPartition tp : rows.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            Long end = endOffsets.get(tp);
            String lag = "?";
            if (c != null && end != null) {
                long l = Math.max(0, end - c.offset());
                totalLag += l;
                lag = Long.toString(l);
            }
            offsets.row(null, Table.link("/topics/" + Html.url(tp.topic()), tp.topic()), Integer.toString(tp.partition()),
                    c == null ? "<span class=\"note\">none</span>" : Long.toString(c.offset()),
                    end == null ? "?" : Long.toString(end), "<span class=\"lag\">" + lag + "</span>",
                    esc(owners.getOrDefault(tp, "")));
        }
        body.append("<p>Total lag: <strong id=\"total-lag\">").append(totalLag).append("</strong></p>")
                .append(offsets.html());
        return PageResponse.html(context.layout().page("Group " + groupId, "/groups", body.toString()));
    }

    /**
     * The log end offset of every partition the group commits to or consumes, asked of the partitions'
     * leaders; a partition without a leader (or of a deleted topic) is left out and shows as unknown
     * rather than making the page wait for a leader.
     */
    private Map<TopicPartition, Long> logEndOffsets(Map<TopicPartition, OffsetAndMetadata> committed,
                                                    Map<TopicPartition, String> owners) {
        java.util.Set<TopicPartition> wanted = new java.util.HashSet<>(committed.keySet());
        wanted.addAll(owners.keySet());
        if (wanted.isEmpty()) {
            return Map.of();
        }
        try {
            java.util.Set<String> topics = wanted.stream().map(TopicPartition::topic).collect(Collectors.toSet());
            java.util.Set<String> existing = context.cluster().admin("listing topics", a -> a.listTopics(true));
            topics.retainAll(existing);
            Map<TopicPartition, Long> query = new HashMap<>();
            if (!topics.isEmpty()) {
                context.cluster().admin("describing topics", a -> a.describeTopics(topics)).values()
                        .forEach(t -> t.partitions().stream()
                                .filter(p -> p.hasLeader() && wanted.contains(p.topicPartition()))
                                .forEach(p -> query.put(p.topicPartition(), GregorAdmin.LATEST_TIMESTAMP)));
            }
            return query.isEmpty() ? Map.of() : context.cluster().admin("listing log end offsets", a -> a.listOffsets(query));
        } catch (ConsoleError e) {
            return Map.of();
        }
    }
}
