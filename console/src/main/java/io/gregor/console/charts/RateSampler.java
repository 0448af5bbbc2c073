package io.gregor.console.charts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Messages in, bytes in and bytes out per second of each broker, from the brokers' Prometheus endpoints
 * ({@code --metrics ID=URL,...}). There is no thread of its own: each {@link #sample} (the charts page
 * polls every 2 s) scrapes every endpoint at once, unless the last scrape is younger than
 * {@link #MIN_INTERVAL_MS}, and turns the counters' growth since the previous scrape into a rate. A
 * broker's history keeps the last {@link #HISTORY} points; a broker that does not answer or whose counters
 * went down (it restarted) gets a gap (no point) and starts over. Thread safe ({@code this} guards the
 * histories).
 */
final class RateSampler {
    static final int HISTORY = 150;
    static final long MIN_INTERVAL_MS = 1_000;
    static final Duration SCRAPE_TIMEOUT = Duration.ofMillis(1_500);

    /** The counters read, in the order of {@link Point#rates}: Kafka's BrokerTopicMetrics as the native endpoint names them. */
    static final List<String> COUNTERS = List.of("kafka_server_brokertopicmetrics_messagesin_total",
            "kafka_server_brokertopicmetrics_bytesin_total", "kafka_server_brokertopicmetrics_bytesout_total");
    private static final Set<String> NAMES = Set.copyOf(COUNTERS);

    /** Per-second rates at {@code timeMs}, in the order of {@link #COUNTERS}. */
    record Point(long timeMs, double[] rates) {
    }

    /** One broker's state for the page: its endpoint, its last error (or null), its recent points. */
    record BrokerSeries(int id, URI url, String error, List<Point> points) {
    }

    private static final class Broker {
        final URI url;
        final Deque<Point> points = new ArrayDeque<>(); // guarded by the sampler
        double[] lastTotals; // guarded by the sampler; null before the first scrape or after a gap
        long lastTimeMs; // guarded by the sampler
        String error; // guarded by the sampler

        Broker(URI url) {
            this.url = url;
        }
    }

    private final Map<Integer, Broker> brokers = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
    private final LongSupplier clock;
    private long lastSampleMs = Long.MIN_VALUE / 2; // guarded by this

    RateSampler(Map<Integer, URI> endpoints, LongSupplier clock) {
        endpoints.forEach((id, url) -> brokers.put(id, new Broker(url)));
        this.clock = clock;
    }

    boolean enabled() {
        return !brokers.isEmpty();
    }

    /** Scrapes (at most once per {@link #MIN_INTERVAL_MS}) and returns every broker's series. */
    synchronized List<BrokerSeries> sample() {
        long now = clock.getAsLong();
        if (now - lastSampleMs >= MIN_INTERVAL_MS) {
            lastSampleMs = now;
            Map<Integer, CompletableFuture<String>> scrapes = new LinkedHashMap<>();
            brokers.forEach((id, b) -> scrapes.put(id, http.sendAsync(HttpRequest.newBuilder(b.url)
                            .timeout(SCRAPE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> {
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + r.statusCode());
                        }
                        return r.body();
                    })));
            scrapes.forEach((id, scrape) -> {
                Broker b = brokers.get(id);
                try {
                    record(b, totals(scrape.join()), clock.getAsLong());
                    b.error = null;
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    b.error = "no answer from " + b.url + ": " + cause;
                    b.lastTotals = null;
                }
            });
        }
        List<BrokerSeries> out = new ArrayList<>();
        brokers.forEach((id, b) -> out.add(new BrokerSeries(id, b.url, b.error, List.copyOf(b.points))));
        return out;
    }

    private static void record(Broker b, double[] totals, long timeMs) {
        double[] previous = b.lastTotals;
        long elapsed = timeMs - b.lastTimeMs;
        b.lastTotals = totals;
        b.lastTimeMs = timeMs;
        if (previous == null || elapsed <= 0) {
            return;
        }
        double[] rates = new double[totals.length];
        for (int i = 0; i < totals.length; i++) {
            double grown = totals[i] - previous[i];
            if (grown < 0) {
                return; // the counters went down: the broker restarted; start over from here
            }
            rates[i] = grown * 1000.0 / elapsed;
        }
        b.points.addLast(new Point(timeMs, rates));
        while (b.points.size() > HISTORY) {
            b.points.removeFirst();
        }
    }

    /**
     * Each counter's broker-wide total: the sample without a topic label (Kafka's all-topics meter), else the
     * sum over topics, else 0 (nothing recorded yet).
     */
    static double[] totals(String exposition) {
        List<PrometheusText.Sample> samples = PrometheusText.parse(exposition, NAMES);
        double[] totals = new double[COUNTERS.size()];
        for (int i = 0; i < COUNTERS.size(); i++) {
            String name = COUNTERS.get(i);
            List<PrometheusText.Sample> of = samples.stream().filter(s -> s.name().equals(name)).toList();
            var all = of.stream().filter(s -> !s.labels().containsKey("topic")).findFirst();
            totals[i] = all.isPresent() ? all.get().value()
                    : of.stream().mapToDouble(PrometheusText.Sample::value).sum();
        }
        return totals;
    }
}
