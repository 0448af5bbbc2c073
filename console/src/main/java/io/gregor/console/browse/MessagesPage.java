package io.gregor.console.browse;

import static io.gregor.console.Html.esc;

import io.gregor.clients.admin.GregorAdmin;
import io.gregor.clients.admin.TopicDescription;
import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.record.Header;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.Html;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import io.gregor.console.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The message browser ({@code /messages}): a form to pick a topic and partition and where to start (the
 * latest N records, an offset, or a timestamp looked up with ListOffsets), then the records with offset,
 * timestamp, key, headers and value, each shown as text, pretty JSON or hex ({@link ValueView}). Links page
 * to older and newer records. Malformed input, an unknown topic or partition, or an offset outside the log
 * is said on the page under the form (400 or 404), never as a stack trace.
 */
public final class MessagesPage implements Route {
    public static final String PATH = "/messages";

    private final ConsoleContext context;
    private final RecordReader reader;

    public MessagesPage(ConsoleContext context) {
        this.context = context;
        this.reader = new RecordReader(context.options());
    }

    @Override
    public PageResponse handle(ConsoleRequest request) {
        BrowseQuery query;
        try {
            query = BrowseQuery.parse(request);
        } catch (ConsoleError e) {
            return page(request, null, problem(e), e.status());
        }
        if (query == null) {
            return page(request, null, "<p class=\"note\">Pick a topic and a partition.</p>", 200);
        }
        try {
            return page(request, query, records(query), 200);
        } catch (ConsoleError e) {
            return page(request, query, problem(e), e.status());
        }
    }

    private PageResponse page(ConsoleRequest request, BrowseQuery query, String results, int status) {
        String body = form(request) + results;
        String title = query == null ? "Messages" : "Messages of " + query.topic() + "-" + query.partition();
        return PageResponse.html(status, context.layout().page(title, PATH, body));
    }

    private static String problem(ConsoleError e) {
        return "<h2>" + esc(e.title()) + "</h2><p class=\"error-message\" id=\"error\">" + esc(e.getMessage()) + "</p>";
    }

    private String records(BrowseQuery query) {
        TopicPartition tp = new TopicPartition(query.topic(), query.partition());
        TopicDescription topic = describe(query.topic());
        int partitions = topic.partitions().size();
        if (query.partition() >= partitions) {
            throw new ConsoleError(404, "Unknown partition", "Topic '" + query.topic() + "' has " + partitions
                    + (partitions == 1 ? " partition (0)." : " partitions (0 to " + (partitions - 1) + ")."));
        }
        long start = offset(tp, GregorAdmin.EARLIEST_TIMESTAMP, "looking up the log start offset of " + tp);
        long end = offset(tp, GregorAdmin.LATEST_TIMESTAMP, "looking up the log end offset of " + tp);
        long from = switch (query.from()) {
            case LATEST -> Math.max(start, end - query.count());
            case OFFSET -> {
                if (query.offset() < start || query.offset() > end) {
                    throw ConsoleError.badRequest("Offset " + query.offset() + " is outside the log of " + tp
                            + ": it holds offsets " + start + " to " + (end - 1) + " (log start " + start
                            + ", log end " + end + ").");
                }
                yield query.offset();
            }
            case TIMESTAMP -> offset(tp, query.timestamp(), "looking up the offset for timestamp "
                    + query.timestamp() + " in " + tp);
        };
        StringBuilder out = new StringBuilder();
        out.append("<p id=\"range\">Partition <b>").append(esc(tp.topic())).append("</b> ").append(tp.partition())
                .append(": log start offset <span id=\"log-start\">").append(start)
                .append("</span>, log end offset <span id=\"log-end\">").append(end).append("</span>.</p>");
        if (query.from() == BrowseQuery.From.TIMESTAMP && from < 0) {
            out.append("<p class=\"note\" id=\"empty\">No record has a timestamp at or after ")
                    .append(esc(Instant.ofEpochMilli(query.timestamp()))).append(".</p>");
            return out.toString();
        }
        List<ConsumerRecord<byte[], byte[]>> records = reader.read(tp, Math.max(from, start), end, query.count());
        if (records.isEmpty()) {
            out.append("<p class=\"note\" id=\"empty\">No records from offset ").append(Math.max(from, start))
                    .append(from >= end ? " (the log end)" : "").append(".</p>");
        } else {
            out.append("<p class=\"note\">").append(records.size()).append(records.size() == 1 ? " record" : " records")
                    .append(", offsets ").append(records.get(0).offset()).append(" to ")
                    .append(records.get(records.size() - 1).offset()).append(".</p>");
            out.append(pager(query, start, end, records.get(0).offset(), records.get(records.size() - 1).offset()));
            out.append(table(records, query.format()));
        }
        return out.toString();
    }

    private TopicDescription describe(String name) {
        try {
            return context.cluster().admin("describing topic " + name, a -> a.describeTopics(List.of(name))).get(name);
        } catch (ConsoleError e) {
            if (e.status() == 404) {
                throw new ConsoleError(404, "Unknown topic", "There is no topic named '" + name
                        + "' in this cluster (or the console's principal may not see it).", e.getCause());
            }
            throw e;
        }
    }

    private long offset(TopicPartition tp, long spec, String doing) {
        Long offset = context.cluster().admin(doing, a -> a.listOffsets(Map.of(tp, spec))).get(tp);
        if (offset == null) {
            throw new ConsoleError(404, "Unknown partition", "The brokers' metadata has no partition " + tp + ".");
        }
        return offset;
    }

    private static String pager(BrowseQuery query, long start, long end, long first, long last) {
        StringBuilder out = new StringBuilder("<p class=\"pager\">");
        if (first > start) {
            out.append(link(query, Math.max(start, first - query.count()), "older", "← Older"));
        }
        if (last + 1 < end) {
            out.append(first > start ? " · " : "").append(link(query, last + 1, "newer", "Newer →"));
        }
        return out.append("</p>").toString();
    }

    private static String link(BrowseQuery query, long offset, String id, String label) {
        String href = PATH + "?topic=" + Html.url(query.topic()) + "&partition=" + query.partition()
                + "&from=offset&offset=" + offset + "&count=" + query.count() + "&format=" + query.format().label();
        return "<a id=\"" + id + "\" href=\"" + esc(href) + "\">" + esc(label) + "</a>";
    }

    private static String table(List<ConsumerRecord<byte[], byte[]>> records, ValueView.Format format) {
        Table table = new Table("records", "#Offset", "Timestamp", "Key", "Headers", "Value");
        for (ConsumerRecord<byte[], byte[]> r : records) {
            table.row(null, Long.toString(r.offset()), timestamp(r),
                    shown(ValueView.show(r.key(), ValueView.Format.AUTO), "key"), headers(r.headers()),
                    shown(ValueView.show(r.value(), format), "value"));
        }
        return table.html();
    }

    private static String timestamp(ConsumerRecord<?, ?> r) {
        if (r.timestamp() < 0) {
            return "<span class=\"note\">none</span>";
        }
        return "<span class=\"mono\" title=\"" + esc(r.timestampType()) + " " + r.timestamp() + "\">"
                + esc(Instant.ofEpochMilli(r.timestamp())) + "</span>";
    }

    private static String headers(List<Header> headers) {
        if (headers == null || headers.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<dl class=\"headers\">");
        for (Header h : headers) {
            ValueView.Shown v = ValueView.show(h.value(), ValueView.Format.AUTO);
            out.append("<dt class=\"mono\">").append(esc(h.key())).append("</dt><dd>").append(shown(v, "header"))
                    .append("</dd>");
        }
        return out.append("</dl>").toString();
    }

    private static String shown(ValueView.Shown v, String cls) {
        String html = v.format().equals("null")
                ? "<span class=\"" + cls + " null\" data-format=\"null\"><em>null</em></span>"
                : "<pre class=\"" + cls + "\" data-format=\"" + esc(v.format()) + "\">" + esc(v.text()) + "</pre>";
        return v.note() == null ? html : html + "<div class=\"note\">" + esc(v.note()) + "</div>";
    }

    /** The form, filled with the request's values; the topic list comes from the cluster (a failure is said in place). */
    private String form(ConsoleRequest request) {
        String topic = request.param("topic", "");
        StringBuilder out = new StringBuilder("<form class=\"browse\" method=\"get\" action=\"" + PATH + "\">");
        out.append("<div class=\"field\"><label for=\"topic\">Topic</label>");
        Set<String> topics;
        try {
            topics = context.cluster().admin("listing topics", a -> a.listTopics(true));
        } catch (ConsoleError e) {
            topics = null;
        }
        if (topics == null) {
            out.append("<input type=\"text\" id=\"topic\" name=\"topic\" value=\"").append(esc(topic)).append("\">");
        } else {
            out.append("<select id=\"topic\" name=\"topic\">");
            if (!topic.isEmpty() && !topics.contains(topic)) {
                out.append(option(topic, topic, true));
            }
            for (String t : topics) {
                out.append(option(t, t, t.equals(topic)));
            }
            out.append("</select>");
        }
        out.append("</div><div class=\"field\"><label for=\"partition\">Partition</label><input type=\"text\" "
                + "inputmode=\"numeric\" size=\"5\" id=\"partition\" name=\"partition\" value=\"")
                .append(esc(request.param("partition", "0"))).append("\"></div>");
        String from = request.param("from", "latest");
        out.append("<fieldset><legend>Start</legend>")
                .append(radio("from", "latest", from, "the latest N records"))
                .append(radio("from", "offset", from, "from offset"))
                .append("<input type=\"text\" inputmode=\"numeric\" size=\"10\" id=\"offset\" name=\"offset\" value=\"")
                .append(esc(request.param("offset", ""))).append("\">")
                .append(radio("from", "timestamp", from, "from timestamp"))
                .append("<input type=\"text\" id=\"timestamp\" name=\"timestamp\" size=\"22\" "
                        + "placeholder=\"2026-01-31T12:00:00Z or ms\" value=\"").append(esc(request.param("timestamp", ""))).append("\"></fieldset>");
        out.append("<div class=\"field\"><label for=\"count\">N (at most ").append(BrowseQuery.MAX_COUNT).append(")</label>")
                .append("<input type=\"text\" inputmode=\"numeric\" size=\"5\" id=\"count\" name=\"count\" value=\"")
                .append(esc(request.param("count", Integer.toString(BrowseQuery.DEFAULT_COUNT)))).append("\"></div>");
        String format = request.param("format", "auto");
        out.append("<div class=\"field\"><label for=\"format\">Value as</label><select id=\"format\" name=\"format\">");
        for (ValueView.Format f : ValueView.Format.values()) {
            String label = switch (f) {
                case AUTO -> "automatic (JSON, else text, else hex)";
                case TEXT -> "text (UTF-8)";
                case JSON -> "JSON, pretty-printed";
                case HEX -> "hex";
            };
            out.append(option(f.label(), label, f.label().equalsIgnoreCase(format)));
        }
        out.append("</select></div><button type=\"submit\" id=\"show\">Show</button></form>");
        return out.toString();
    }

    private static String option(String value, String label, boolean selected) {
        return "<option value=\"" + esc(value) + "\"" + (selected ? " selected" : "") + ">" + esc(label) + "</option>";
    }

    private static String radio(String name, String value, String current, String label) {
        String id = name + "-" + value;
        return "<label class=\"inline\" for=\"" + id + "\"><input type=\"radio\" id=\"" + id + "\" name=\"" + name
                + "\" value=\"" + value + "\"" + (value.equals(current) ? " checked" : "") + "> " + esc(label) + "</label>";
    }
}
