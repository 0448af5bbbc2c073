package io.gregor.console.actions;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.NewTopic;
import io.gregor.clients.network.GregorApiException;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Table;
import io.gregor.console.pages.TopicPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a topic: name, partitions, replication factor and optional configs ({@code key=value} lines).
 * The review asks the controller to validate the creation (CreateTopics with validateOnly), so a bad
 * config or a replication factor above the broker count is refused before anyone confirms.
 */
public final class CreateTopicAction implements Action {
    public static final String PATH = "/actions/create-topic";

    private final ConsoleContext context;

    public CreateTopicAction(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public PageResponse form(ConsoleRequest request) {
        String body = Forms.open("create-topic-form", PATH, "review", context.formToken())
                + Forms.input("name", "Name", "text", "", " required maxlength=\"249\" pattern=\"[a-zA-Z0-9._\\-]+\"")
                + Forms.input("partitions", "Partitions", "number", "1", " min=\"1\" required")
                + Forms.input("replication", "Replication factor", "number", "1", " min=\"1\" required")
                + "<label for=\"configs\">Configs (optional, one key=value per line)</label>"
                + "<textarea id=\"configs\" name=\"configs\" rows=\"4\" placeholder=\"retention.ms=86400000\"></textarea>"
                + Forms.submit("Review");
        return PageResponse.html(context.layout().page("Create a topic", "/topics", body));
    }

    /** What the form asks for, checked. */
    private record Request(String name, int partitions, short replication, Map<String, String> configs) {
        NewTopic topic() {
            return new NewTopic(name, partitions, replication, configs);
        }

        Map<String, String> fields() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("name", name);
            f.put("partitions", Integer.toString(partitions));
            f.put("replication", Short.toString(replication));
            StringBuilder c = new StringBuilder();
            configs.forEach((k, v) -> c.append(k).append('=').append(v).append('\n'));
            f.put("configs", c.toString());
            return f;
        }
    }

    private static Request read(ConsoleRequest r) {
        String name = TopicPage.checkTopicName(r.requiredField("name", "The topic name"));
        int partitions = r.intField("partitions", "The partition count");
        if (partitions < 1) {
            throw ConsoleError.badRequest("The partition count must be at least 1, not " + partitions + ".");
        }
        int replication = r.intField("replication", "The replication factor");
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw ConsoleError.badRequest("The replication factor must be at least 1, not " + replication + ".");
        }
        return new Request(name, partitions, (short) replication, configs(r.formValue("configs", "")));
    }

    /** {@code key=value} lines; blank lines are skipped, anything else is a 400 naming the line. */
    static Map<String, String> configs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String l = line.trim();
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw ConsoleError.badRequest("Configs are key=value lines; '" + l + "' is not.");
            }
            out.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
        }
        return out;
    }

    @Override
    public PageResponse review(ConsoleRequest r) {
        Request req = read(r);
        create(req, true);
        Table configs = new Table("review-configs", "Config", "Value");
        req.configs().forEach((k, v) -> configs.row(null, esc(k), esc(v)));
        String body = "<div class=\"plan\" id=\"plan\"><p>This will create the topic <strong>" + esc(req.name())
                + "</strong> with <strong>" + req.partitions() + "</strong> partition" + (req.partitions() == 1 ? "" : "s")
                + " and replication factor <strong>" + req.replication() + "</strong>"
                + (req.configs().isEmpty() ? ", with the brokers' default configs.</p>" : ", with these configs:</p>"
                + configs.html()) + "<p>The controller has validated it.</p></div>"
                + Forms.open("confirm-form", PATH, "execute", context.formToken()) + Forms.hidden(req.fields())
                + Forms.confirm("Create topic " + req.name(), "/topics");
        return PageResponse.html(context.layout().page("Confirm: create topic " + req.name(), "/topics", body));
    }

    @Override
    public PageResponse execute(ConsoleRequest r) {
        Request req = read(r);
        create(req, false);
        // the brokers learn of a new topic and its leaders from the controller a moment later: show its page once they do
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline && !ready(req)) {
            io.gregor.clients.network.NetworkClient.sleep(100);
        }
        return PageResponse.seeOther("/topics/" + Html.url(req.name()) + "?done=created");
    }

    /** True once the metadata has the topic with all its partitions, each with a leader. */
    private boolean ready(Request req) {
        try {
            var t = context.cluster().admin("describing topic " + req.name(), a -> a.describeTopics(List.of(req.name())))
                    .get(req.name());
            return t.partitions().size() == req.partitions()
                    && t.partitions().stream().allMatch(io.gregor.clients.network.PartitionInfo::hasLeader);
        } catch (ConsoleError notYet) {
            return false;
        }
    }

    private void create(Request req, boolean validateOnly) {
        String doing = (validateOnly ? "validating" : "creating") + " topic " + req.name();
        var result = context.cluster().admin(doing, a -> a.createTopics(List.of(req.topic()), validateOnly));
        GregorApiException failed = result.failed().get(req.name());
        if (failed != null) {
            throw io.gregor.console.ClusterAccess.explain(failed, doing);
        }
    }
}
