package io.gregor.console.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RateSamplerTest {
    private static String exposition(long messages, long bytesIn, long bytesOut) {
        return """
                # HELP kafka_server_brokertopicmetrics_messagesin_total x
                # TYPE kafka_server_brokertopicmetrics_messagesin_total counter
                kafka_server_brokertopicmetrics_messagesin_total %d.0
                kafka_server_brokertopicmetrics_messagesin_total{topic="a"} 1.0
                # TYPE kafka_server_brokertopicmetrics_bytesin_total counter
                kafka_server_brokertopicmetrics_bytesin_total{topic="a"} %d.0
                kafka_server_brokertopicmetrics_bytesin_total{topic="b\\"c"} 0.0
                kafka_server_brokertopicmetrics_bytesout_total %d.0
                kafka_server_replicamanager_underreplicatedpartitions 0.0
                """.formatted(messages, bytesIn, bytesOut);
    }

    @Test
    void theTextFormatIsReadWithLabelsAndEscapes() {
        var samples = PrometheusText.parse(exposition(5, 6, 7), Set.of("kafka_server_brokertopicmetrics_bytesin_total"));
        assertEquals(2, samples.size());
        assertEquals(Map.of("topic", "b\"c"), samples.get(1).labels());
        assertEquals(6.0, samples.get(0).value());
    }

    @Test
    void totalsTakeTheAllTopicsSampleElseTheSumOverTopics() {
        assertArrayEquals(new double[] {5, 6, 7}, RateSampler.totals(exposition(5, 6, 7)));
        assertArrayEquals(new double[] {0, 0, 0}, RateSampler.totals("# nothing yet\n"));
    }

    @Test
    void ratesAreTheCountersGrowthPerSecondAndAnUnreachableBrokerIsAGapWithItsError() throws Exception {
        AtomicReference<String> body = new AtomicReference<>(exposition(100, 1000, 0));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            AtomicLong clock = new AtomicLong(10_000);
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
            RateSampler sampler = new RateSampler(Map.of(1, url), clock::get);
            assertTrue(sampler.sample().get(0).points().isEmpty(), "one scrape is no rate yet");
            body.set(exposition(300, 5000, 0));
            clock.addAndGet(500);
            assertTrue(sampler.sample().get(0).points().isEmpty(), "scraped at most once a second");
            clock.addAndGet(1500);
            List<RateSampler.Point> points = sampler.sample().get(0).points();
            assertEquals(1, points.size());
            assertArrayEquals(new double[] {100, 2000, 0}, points.get(0).rates());
            assertNull(sampler.sample().get(0).error());
        } finally {
            server.stop(0);
        }
        RateSampler down = new RateSampler(Map.of(2, URI.create("http://127.0.0.1:1/metrics")), () -> 0);
        RateSampler.BrokerSeries series = down.sample().get(0);
        assertTrue(series.error().startsWith("no answer from http://127.0.0.1:1/metrics"), series.error());
        assertTrue(series.points().isEmpty());
    }
}
