package io.gregor.console.pages;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.ClusterDescription;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Navigation;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;

/**
 * The front page: a summary of the cluster (id, controller, brokers, topics, groups) and a link to every
 * page. A part the cluster cannot answer is said so in place; the rest of the page still shows.
 */
public final class FrontPage implements Route {
    private final ConsoleContext context;

    public FrontPage(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        StringBuilder body = new StringBuilder();
        body.append("<section class=\"summary\"><h2>Cluster summary</h2><table class=\"kv\">");
        row(body, "Bootstrap servers", esc(context.cluster().bootstrapServers()));
        row(body, "ZooKeeper", esc(context.cluster().zookeeperConnect()) + " <span class=\"state\">("
                + esc(context.cluster().zookeeperState()) + ")</span>");
        try {
            ClusterDescription d = context.cluster().admin("describing the cluster", a -> a.describeCluster());
            row(body, "Cluster id", esc(d.clusterId()));
            row(body, "Controller", d.controller() == null ? "<span class=\"offline\">none</span>"
                    : "broker " + esc(d.controller().id()));
            row(body, "Brokers", "<span id=\"broker-count\">" + d.nodes().size() + "</span>");
            int topics = context.cluster().admin("listing topics", a -> a.listTopics(false)).size();
            row(body, "Topics", "<span id=\"topic-count\">" + topics + "</span>");
            int groups = context.cluster().admin("listing consumer groups", a -> a.listConsumerGroups()).size();
            row(body, "Consumer groups", "<span id=\"group-count\">" + groups + "</span>");
        } catch (ConsoleError e) {
            row(body, "Brokers", "<span class=\"error-message\">" + esc(e.getMessage()) + "</span>");
        }
        body.append("</table></section>");
        if (context.readOnly()) {
            body.append("<p class=\"note\">This console is read-only: it shows the cluster and changes nothing.</p>");
        }
        body.append("<section><h2>Pages</h2><ul class=\"pages\">");
        for (Navigation.Entry e : Navigation.PAGES) {
            body.append("<li>");
            if (context.layout().navigation().available(e.path())) {
                body.append("<a href=\"").append(esc(e.path())).append("\">").append(esc(e.label())).append("</a>");
            } else {
                body.append("<span class=\"unavailable\">").append(esc(e.label())).append("</span> <em>(not yet)</em>");
            }
            body.append(": ").append(esc(e.description())).append("</li>");
        }
        body.append("</ul></section>");
        return PageResponse.html(context.layout().page("Gregor cluster", "/", body.toString()));
    }

    private static void row(StringBuilder body, String key, String valueHtml) {
        body.append("<tr><th>").append(esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>");
    }
}
