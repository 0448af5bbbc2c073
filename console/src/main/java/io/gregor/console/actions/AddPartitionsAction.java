package io.gregor.console.actions;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.GregorApiException;
import io.gregor.console.ClusterAccess;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.pages.TopicPage;
import java.util.List;
import java.util.Map;

/**
 * Raises a topic's partition count (CreatePartitions to the controller; a count can only grow). The review
 * shows the current and new counts and which partitions are new, and warns that keyed records map to
 * other partitions from then on; the controller validates the change first.
 */
public final class AddPartitionsAction implements Action {
    public static final String PATH = "/actions/add-partitions";

    private final ConsoleContext context;

    public AddPartitionsAction(ConsoleContext context) {
        this.context = context;
    }

    private TopicDescription topic(String name) {
        try {
            return context.cluster().admin("describing topic " + name, a -> a.describeTopics(List.of(name))).get(name);
        } catch (ConsoleError e) {
            if (e.status() == 404) {
                throw new ConsoleError(404, "Unknown topic", "There is no topic named '" + name + "' in this cluster.");
            }
            throw e;
        }
    }

    @Override
    public PageResponse form(ConsoleRequest request) {
        String name = TopicPage.checkTopicName(request.param("topic", null));
        int current = topic(name).partitions().size();
        String body = "<p>Topic <strong>" + esc(name) + "</strong> has " + current + " partitions.</p>"
                + Forms.open("add-partitions-form", PATH, "review", context.formToken()) + Forms.hidden("topic", name)
                + Forms.input("total", "New total number of partitions", "number", current + 1,
                " min=\"" + (current + 1) + "\" required")
                + Forms.submit("Review");
        return PageResponse.html(context.layout().page("Add partitions to " + name, "/topics", body));
    }

    private record Change(String topic, int current, int total) {
    }

    private Change read(ConsoleRequest r) {
        String name = TopicPage.checkTopicName(r.requiredField("topic", "The topic"));
        int total = r.intField("total", "The new total number of partitions");
        int current = topic(name).partitions().size();
        if (total <= current) {
            throw ConsoleError.badRequest("Topic " + name + " has " + current + " partitions; the new total must be "
                    + "larger (partitions can be added, never removed), not " + total + ".");
        }
        return new Change(name, current, total);
    }

    @Override
    public PageResponse review(ConsoleRequest r) {
        Change c = read(r);
        apply(c, true);
        String body = "<div class=\"plan\" id=\"plan\"><p>This will raise topic <strong>" + esc(c.topic())
                + "</strong> from <strong>" + c.current() + "</strong> to <strong>" + c.total()
                + "</strong> partitions: partitions " + c.current() + " to " + (c.total() - 1) + " are new.</p>"
                + "<p>Records with a key will map to other partitions from then on (a key's partition is its hash "
                + "modulo the partition count). Partitions cannot be removed again.</p></div>"
                + Forms.open("confirm-form", PATH, "execute", context.formToken())
                + Forms.hidden(Map.of("topic", c.topic(), "total", Integer.toString(c.total())))
                + Forms.confirm("Add " + (c.total() - c.current()) + " partitions to " + c.topic(),
                        "/topics/" + Html.url(c.topic()));
        return PageResponse.html(context.layout().page("Confirm: add partitions to " + c.topic(), "/topics", body));
    }

    @Override
    public PageResponse execute(ConsoleRequest r) {
        Change c = read(r);
        apply(c, false);
        // the brokers learn of the new partitions from the controller a moment later: show the page once they do
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline && topic(c.topic()).partitions().size() < c.total()) {
            io.gregor.clients.network.NetworkClient.sleep(100);
        }
        return PageResponse.seeOther("/topics/" + Html.url(c.topic()) + "?done=partitions-added");
    }

    private void apply(Change c, boolean validateOnly) {
        String doing = (validateOnly ? "validating" : "adding") + " partitions of topic " + c.topic();
        var result = context.cluster().admin(doing, a -> a.createPartitions(Map.of(c.topic(), c.total()), validateOnly));
        GregorApiException failed = result.failed().get(c.topic());
        if (failed != null) {
            throw ClusterAccess.explain(failed, doing);
        }
    }
}
