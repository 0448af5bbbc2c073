package io.gregor.console.actions;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.ConsumerGroupDescription;
import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.OffsetAndMetadata;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicPartition;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Table;
import io.gregor.console.pages.GroupPage;
import io.gregor.console.pages.TopicPage;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resets a consumer group's committed offsets to the earliest or latest offset or to a given offset (kept
 * within each partition's log start and end, as Kafka's tool does), for one topic or every topic the group
 * has offsets for. Refused (409) while the group has members, as {@code kafka-consumer-groups.sh
 * --reset-offsets} refuses: the review checks it, and the execution checks it again. The review shows the
 * old and new offset of every partition; the confirmation sends back exactly that plan.
 */
public final class ResetOffsetsAction implements Action {
    public static final String PATH = "/actions/reset-offsets";
    private static final Comparator<TopicPartition> ORDER = GroupPage.ORDER;

    private final ConsoleContext context;

    public ResetOffsetsAction(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public PageResponse form(ConsoleRequest request) {
        String group = request.param("group", null);
        if (group == null) {
            throw ConsoleError.badRequest("Which group? The address needs ?group=<id>.");
        }
        var topics = committed(group).keySet().stream().map(TopicPartition::topic).distinct().sorted().toList();
        String body = Forms.open("reset-offsets-form", PATH, "review", context.formToken()) + Forms.hidden("group", group)
                + Forms.input("topic", "Topic (blank: every topic the group has offsets for"
                        + (topics.isEmpty() ? "" : ": " + String.join(", ", topics)) + ")", "text", "", "")
                + "<label>Reset to</label>"
                + radio("earliest", "the earliest offset (log start)", true)
                + radio("latest", "the latest offset (log end)", false)
                + radio("offset", "this offset:", false)
                + Forms.input("offset", "Offset (for \"this offset\")", "text", "", " inputmode=\"numeric\"")
                + Forms.submit("Review");
        return PageResponse.html(context.layout().page("Reset offsets of group " + group, "/groups", body));
    }

    private static String radio(String value, String label, boolean checked) {
        return "<div><input type=\"radio\" name=\"to\" id=\"to-" + value + "\" value=\"" + value + "\""
                + (checked ? " checked" : "") + "> <label class=\"inline\" for=\"to-" + value + "\">"
                + esc(label) + "</label></div>";
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        return context.cluster().admin("reading the committed offsets of group " + group,
                a -> a.listConsumerGroupOffsets(group));
    }

    /** Refuses (409) while the group has members: their positions would overwrite the reset. */
    private void requireInactive(String group) {
        ConsumerGroupDescription d = context.cluster().admin("describing group " + group,
                a -> a.describeConsumerGroups(List.of(group))).get(group);
        if (d != null && !d.isInactive()) {
            throw new ConsoleError(409, "Group is active", "Group '" + group + "' has " + d.members().size()
                    + " active member" + (d.members().size() == 1 ? "" : "s") + " (state " + d.state() + "): its "
                    + "offsets can be reset only while none of its consumers runs, as kafka-consumer-groups.sh "
                    + "--reset-offsets requires. Stop its consumers and try again.");
        }
    }

    @Override
    public PageResponse review(ConsoleRequest r) {
        String group = r.requiredField("group", "The group");
        requireInactive(group);
        Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
        List<TopicPartition> partitions = scope(group, r.formValue("topic", null), committed);
        String to = r.formValue("to", "earliest");
        Map<TopicPartition, Long> earliest = offsets(partitions, GregorAdmin.EARLIEST_TIMESTAMP);
        Map<TopicPartition, Long> latest = offsets(partitions, GregorAdmin.LATEST_TIMESTAMP);
        Long wanted = null;
        if (to.equals("offset")) {
            String text = r.requiredField("offset", "The offset");
            try {
                wanted = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ConsoleError.badRequest("The offset must be a whole number, not '" + text + "'.");
            }
            if (wanted < 0) {
                throw ConsoleError.badRequest("The offset must not be negative, not " + wanted + ".");
            }
        } else if (!to.equals("earliest") && !to.equals("latest")) {
            throw ConsoleError.badRequest("Reset to earliest, latest or an offset, not '" + to + "'.");
        }
        Map<TopicPartition, Long> plan = new TreeMap<>(ORDER);
        Table table = new Table("plan-partitions", "Topic", "#Partition", "#Committed now", "#New offset", "Note");
        for (TopicPartition tp : partitions) {
            long start = earliest.get(tp);
            long end = latest.get(tp);
            long target = switch (to) {
                case "earliest" -> start;
                case "latest" -> end;
                default -> Math.max(start, Math.min(end, wanted));
            };
            plan.put(tp, target);
            OffsetAndMetadata now = committed.get(tp);
            String note = wanted != null && target != wanted
                    ? "offset " + wanted + " is outside " + start + "-" + end + ": the nearest is used" : "";
            table.row(null, esc(tp.topic()), Integer.toString(tp.partition()),
                    now == null ? "none" : Long.toString(now.offset()), Long.toString(target), esc(note));
        }
        String body = "<div class=\"plan\" id=\"plan\"><p>This will set the committed offsets of group <strong>"
                + esc(group) + "</strong> for " + plan.size() + " partition" + (plan.size() == 1 ? "" : "s")
                + " to " + esc(to.equals("offset") ? "offset " + wanted : "the " + to + " offset") + ":</p>"
                + table.html() + "</div>"
                + Forms.open("confirm-form", PATH, "execute", context.formToken())
                + Forms.hidden(Map.of("group", group, "plan", encode(plan)))
                + Forms.confirm("Reset the offsets of " + group, "/groups/" + Html.url(group));
        return PageResponse.html(context.layout().page("Confirm: reset offsets of group " + group, "/groups", body));
    }

    @Override
    public PageResponse execute(ConsoleRequest r) {
        String group = r.requiredField("group", "The group");
        Map<TopicPartition, Long> plan = decode(r.requiredField("plan", "The plan"));
        requireInactive(group);
        context.cluster().admin("resetting the offsets of group " + group, a -> {
            a.alterConsumerGroupOffsets(group, plan);
            return null;
        });
        return PageResponse.seeOther("/groups/" + Html.url(group) + "?done=offsets-reset");
    }

    /** The partitions to reset: all of {@code topic}, or (blank) every partition the group has an offset for. */
    private List<TopicPartition> scope(String group, String topic, Map<TopicPartition, OffsetAndMetadata> committed) {
        if (topic == null) {
            if (committed.isEmpty()) {
                throw ConsoleError.badRequest("Group '" + group + "' has no committed offsets: name a topic to reset.");
            }
            return committed.keySet().stream().sorted(ORDER).toList();
        }
        TopicPage.checkTopicName(topic);
        TopicDescription t;
        try {
            t = context.cluster().admin("describing topic " + topic, a -> a.describeTopics(List.of(topic))).get(topic);
        } catch (ConsoleError e) {
            if (e.status() == 404) {
                throw new ConsoleError(404, "Unknown topic", "There is no topic named '" + topic + "' in this cluster.");
            }
            throw e;
        }
        return t.partitions().stream().map(PartitionInfo::topicPartition).sorted(ORDER).toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, long spec) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, spec));
        Map<TopicPartition, Long> answer = context.cluster().admin("listing offsets", a -> a.listOffsets(query));
        for (TopicPartition tp : partitions) {
            if (!answer.containsKey(tp)) {
                throw new ConsoleError(503, "Partition unavailable", "The offsets of " + tp
                        + " are unknown (has it a leader?): try again later.");
            }
        }
        return answer;
    }

    /** The plan as one form value: {@code topic/partition=offset,...} (topic names hold none of "/=,"). */
    static String encode(Map<TopicPartition, Long> plan) {
        StringBuilder out = new StringBuilder();
        plan.forEach((tp, o) -> out.append(out.isEmpty() ? "" : ",").append(tp.topic()).append('/')
                .append(tp.partition()).append('=').append(o));
        return out.toString();
    }

    static Map<TopicPartition, Long> decode(String plan) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        for (String item : plan.split(",")) {
            int slash = item.lastIndexOf('/');
            int eq = item.lastIndexOf('=');
            try {
                if (slash <= 0 || eq < slash) {
                    throw new NumberFormatException(item);
                }
                String topic = TopicPage.checkTopicName(item.substring(0, slash));
                int partition = Integer.parseInt(item.substring(slash + 1, eq));
                long offset = Long.parseLong(item.substring(eq + 1));
                if (partition < 0 || offset < 0) {
                    throw new NumberFormatException(item);
                }
                out.put(new TopicPartition(topic, partition), offset);
            } catch (NumberFormatException e) {
                throw ConsoleError.badRequest("The confirmed plan is malformed at '" + item + "': review the reset again.");
            }
        }
        return out;
    }
}
