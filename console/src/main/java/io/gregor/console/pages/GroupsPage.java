package io.gregor.console.pages;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.ConsumerGroupDescription;
import io.gregor.clients.admin.ConsumerGroupListing;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import io.gregor.console.Table;
import java.util.List;
import java.util.Map;

/**
 * The consumer groups page: every group the console's principal may see (ListGroups to every broker),
 * with its protocol type, state, coordinator and member count (DescribeGroups).
 */
public final class GroupsPage implements Route {
    private final ConsoleContext context;

    public GroupsPage(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        List<ConsumerGroupListing> groups = context.cluster().admin("listing consumer groups", a -> a.listConsumerGroups());
        Map<String, ConsumerGroupDescription> described = Map.of();
        String problem = null;
        if (!groups.isEmpty()) {
            try {
                described = context.cluster().admin("describing consumer groups",
                        a -> a.describeConsumerGroups(groups.stream().map(ConsumerGroupListing::groupId).toList()));
            } catch (ConsoleError e) {
                problem = e.getMessage();
            }
        }
        StringBuilder body = new StringBuilder();
        body.append("<p><input type=\"search\" placeholder=\"Filter groups\" data-filter=\"groups\"></p>");
        Table table = new Table("groups", "Group", "Protocol type", "State", "Coordinator", "#Members");
        for (ConsumerGroupListing g : groups) {
            ConsumerGroupDescription d = described.get(g.groupId());
            String state = d != null ? d.state() : g.state();
            table.row(null, Table.link("/groups/" + Html.url(g.groupId()), g.groupId()),
                    g.protocolType().isEmpty() ? "<span class=\"note\">(offsets only)</span>" : esc(g.protocolType()),
                    esc(state), d == null || d.coordinator() == null ? "?" : "broker " + d.coordinator().id(),
                    d == null ? "?" : Integer.toString(d.members().size()));
        }
        body.append("<p class=\"note\">").append(groups.size()).append(" groups.</p>").append(table.html());
        if (problem != null) {
            body.append("<p class=\"note\">States and members unknown: ").append(esc(problem)).append("</p>");
        }
        return PageResponse.html(context.layout().page("Consumer groups", "/groups", body.toString()));
    }
}
