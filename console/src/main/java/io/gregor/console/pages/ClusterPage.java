package io.gregor.console.pages;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.ClusterDescription;
import io.gregor.clients.network.Node;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import io.gregor.console.Table;
import io.gregor.coordination.zk.BrokerInfo;
import io.gregor.coordination.zk.ControllerEpoch;
import io.gregor.coordination.zk.EndPoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The cluster page: the controller and its epoch (ZooKeeper's {@code /controller} and
 * {@code /controller_epoch}), the brokers with their endpoints and rack (registrations under
 * {@code /brokers/ids}, and whether the brokers' metadata names them), and the console's ZooKeeper
 * connection. What one source cannot answer is said in place; the other still shows.
 */
public final class ClusterPage implements Route {
    private final ConsoleContext context;

    public ClusterPage(ConsoleContext context) {
        this.context = context;
    }

    /** What ZooKeeper holds about the controller and the brokers, read in one go. */
    private record ZkView(Optional<Integer> controllerId, Optional<ControllerEpoch> epoch, List<BrokerInfo> brokers) {
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        StringBuilder body = new StringBuilder();
        ZkView zk = null;
        String zkProblem = null;
        try {
            zk = context.cluster().zookeeper("reading the controller and the brokers", z ->
                    new ZkView(z.getControllerId(), z.getControllerEpoch(), z.getAllBrokers()));
        } catch (ConsoleError e) {
            zkProblem = e.getMessage();
        }
        ClusterDescription metadata = null;
        String metadataProblem = null;
        try {
            metadata = context.cluster().admin("describing the cluster", a -> a.describeCluster());
        } catch (ConsoleError e) {
            metadataProblem = e.getMessage();
        }

        body.append("<h2>Controller</h2><table class=\"kv\" id=\"controller\">");
        if (zk != null) {
            kv(body, "Controller", "<span id=\"controller-id\">" + zk.controllerId().map(id -> "broker " + id)
                    .orElse("none") + "</span>");
            kv(body, "Controller epoch", "<span id=\"controller-epoch\">" + zk.epoch().map(e -> Integer.toString(e.epoch()))
                    .orElse("none") + "</span>");
        } else {
            kv(body, "Controller", problem(zkProblem));
        }
        if (metadata != null) {
            kv(body, "Cluster id", esc(metadata.clusterId()));
            kv(body, "Controller in the brokers' metadata", metadata.controller() == null ? "none"
                    : "broker " + metadata.controller().id());
        } else {
            kv(body, "Brokers' metadata", problem(metadataProblem));
        }
        body.append("</table>");

        body.append("<h2>Brokers</h2>");
        Map<Integer, Node> inMetadata = metadata == null ? Map.of()
                : metadata.nodes().stream().collect(Collectors.toMap(Node::id, n -> n));
        Integer controller = zk == null ? null : zk.controllerId().orElse(null);
        Table brokers = new Table("brokers", "#Id", "Endpoints", "Rack", "Registered", "In metadata", "Role");
        Map<Integer, BrokerInfo> registered = new TreeMap<>();
        if (zk != null) {
            zk.brokers().forEach(b -> registered.put(b.brokerId(), b));
        }
        java.util.Set<Integer> ids = new java.util.TreeSet<>(registered.keySet());
        ids.addAll(inMetadata.keySet());
        for (int id : ids) {
            BrokerInfo b = registered.get(id);
            Node n = inMetadata.get(id);
            String endpoints = b != null
                    ? b.endpoints().stream().map(EndPoint::connectionString).map(s -> esc(s)).collect(Collectors.joining("<br>"))
                    : esc(n.host() + ":" + n.port());
            String rack = b != null ? b.rack() : n.rack();
            brokers.row(null, Integer.toString(id), "<span class=\"mono\">" + endpoints + "</span>",
                    rack == null ? "<span class=\"note\">none</span>" : esc(rack),
                    b == null ? "<span class=\"offline\">not registered</span>" : esc(Instant.ofEpochMilli(b.timestamp())),
                    metadata == null ? "?" : n != null ? "yes" : "<span class=\"offline\">no</span>",
                    controller != null && controller == id ? "<strong>controller</strong>" : "");
        }
        body.append(brokers.html());
        if (zk == null && metadata == null) {
            body.append(problem("No broker could be listed."));
        }

        body.append("<h2>ZooKeeper</h2><table class=\"kv\" id=\"zookeeper\">");
        kv(body, "Connect string", "<span class=\"mono\">" + esc(context.cluster().zookeeperConnect()) + "</span>");
        kv(body, "Session state", "<span id=\"zk-state\">" + esc(context.cluster().zookeeperState()) + "</span>");
        kv(body, "Session id", "<span class=\"mono\">" + esc(context.cluster().zookeeperSessionId()) + "</span>");
        body.append("</table>");
        return PageResponse.html(context.layout().page("Cluster", "/cluster", body.toString()));
    }

    private static void kv(StringBuilder body, String key, String valueHtml) {
        body.append("<tr><th>").append(esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    static String problem(String message) {
        return "<p class=\"error-message\">" + esc(message) + "</p>";
    }
}
