package io.gregor.console.charts;

import static io.gregor.console.Html.esc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gregor.console.ConsoleContext;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.PageResponse;
import io.gregor.console.Route;
import java.util.List;

/**
 * Live charts of messages in, bytes in and bytes out per second per broker: the page ({@link #PATH}) is a
 * frame of three inline SVG charts that {@code /static/charts.js} fills by polling {@link #API} every 2 s;
 * the API answers the {@link RateSampler}'s series as JSON (built with Jackson). Without
 * {@code --metrics} the page says how to enable the charts, and the API answers {@code "enabled":false}.
 */
public final class ChartsPage {
    public static final String PATH = "/charts";
    public static final String API = "/api/rates";

    /** The charts, in the order of {@link RateSampler#COUNTERS}: id and title. */
    static final List<String[]> CHARTS = List.of(new String[] {"messages-in", "Messages in per second"},
            new String[] {"bytes-in", "Bytes in per second"}, new String[] {"bytes-out", "Bytes out per second"});

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleContext context;
    private final RateSampler sampler;

    public ChartsPage(ConsoleContext context) {
        this.context = context;
        this.sampler = new RateSampler(context.options().metrics(), System::currentTimeMillis);
    }

    /** The page. */
    public Route page() {
        return this::page;
    }

    /** The JSON the page polls. */
    public Route api() {
        return this::api;
    }

    private PageResponse page(ConsoleRequest request) {
        StringBuilder body = new StringBuilder();
        if (!sampler.enabled()) {
            body.append("<div class=\"note\" id=\"charts-disabled\"><p>No metrics endpoints were given, so there is "
                    + "nothing to chart. To see live charts:</p><ol>"
                    + "<li>start each broker with its Prometheus endpoint, e.g. <code>metrics.http.listener="
                    + "http://127.0.0.1:9308</code> in its <code>server.properties</code>;</li>"
                    + "<li>start the console with <code>--metrics 0=http://127.0.0.1:9308/metrics,"
                    + "1=http://127.0.0.1:9309/metrics,...</code> (broker id = its endpoint).</li></ol></div>");
            return PageResponse.html(context.layout().page("Charts", PATH, body.toString()));
        }
        body.append("<p class=\"note\">Per broker, from each broker's Prometheus endpoint (Kafka's "
                + "BrokerTopicMetrics: MessagesInPerSec, BytesInPerSec, BytesOutPerSec), sampled every 2 s while this "
                + "page is open; the last 5 minutes. Bytes out counts consumer fetches only, as in Kafka.</p>");
        body.append("<ul class=\"endpoints mono\" id=\"endpoints\">");
        context.options().metrics().forEach((id, url) -> body.append("<li>broker ").append(id).append(": ")
                .append(esc(url)).append(" <span class=\"endpoint-error\" id=\"endpoint-error-").append(id)
                .append("\"></span></li>"));
        body.append("</ul>");
        body.append("<div class=\"charts\" id=\"charts\" data-api=\"").append(esc(API)).append("\">");
        for (String[] chart : CHARTS) {
            body.append("<figure class=\"chart\" id=\"chart-").append(chart[0]).append("\" data-series=\"")
                    .append(chart[0]).append("\"><figcaption>").append(esc(chart[1])).append("</figcaption>")
                    .append("<svg viewBox=\"0 0 600 220\" width=\"600\" height=\"220\" role=\"img\" aria-label=\"")
                    .append(esc(chart[1])).append("\"></svg><div class=\"legend\"></div></figure>");
        }
        body.append("</div><noscript><p class=\"note\">The charts need JavaScript; ").append("<a href=\"")
                .append(API).append("\">").append(API).append("</a> has the numbers.</p></noscript>");
        body.append("<script src=\"/static/charts.js\" defer></script>");
        return PageResponse.html(context.layout().page("Charts", PATH, body.toString()));
    }

    private PageResponse api(ConsoleRequest request) throws JsonProcessingException {
        List<RateSampler.BrokerSeries> sampled = sampler.sample();
        ObjectNode root = JSON.createObjectNode();
        root.put("enabled", sampler.enabled());
        root.put("intervalMs", 2000);
        root.put("now", System.currentTimeMillis());
        ArrayNode series = root.putArray("series");
        for (String[] chart : CHARTS) {
            series.add(chart[0]);
        }
        ArrayNode brokers = root.putArray("brokers");
        for (RateSampler.BrokerSeries b : sampled) {
            ObjectNode broker = brokers.addObject();
            broker.put("id", b.id());
            broker.put("url", b.url().toString());
            if (b.error() == null) {
                broker.putNull("error");
            } else {
                broker.put("error", b.error());
            }
            ArrayNode points = broker.putArray("points");
            for (RateSampler.Point p : b.points()) {
                ArrayNode point = points.addArray().add(p.timeMs());
                for (double rate : p.rates()) {
                    point.add(Math.round(rate * 100) / 100.0);
                }
            }
        }
        return new PageResponse(200, "application/json; charset=utf-8", JSON.writeValueAsBytes(root), null);
    }
}
