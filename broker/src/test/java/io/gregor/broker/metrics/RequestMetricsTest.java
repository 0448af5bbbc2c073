package io.gregor.broker.metrics;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.broker.GregorServer;
import io.gregor.broker.it.ApacheClients;
import io.gregor.broker.it.GregorCluster;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request-path metrics on one in-process broker (so the platform MBean server holds its beans)
 * with the Apache Java client: Kafka's RequestMetrics per request name and version, the handler
 * pool's and network threads' idleness, the request channel's queue size, and BytesRejectedPerSec,
 * read over JMX and on the Prometheus endpoint.
 */
class RequestMetricsTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RECORDS = 50;

    private static GregorCluster cluster;
    private static GregorServer broker;
    private static String bootstrap;

    @BeforeAll
    static void produceAndConsume() throws Exception {
        cluster = GregorCluster.start();
        broker = cluster.startInProcessBroker(0, Map.of("metrics.http.listener", "http://127.0.0.1:0"));
        bootstrap = "127.0.0.1:" + broker.boundPort("PLAINTEXT");
        try (Admin admin = ApacheClients.admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic("requests", 1, (short) 1),
                    new NewTopic("small", 1, (short) 1).configs(Map.of("max.message.bytes", "1000"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of("acks", "all"))) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>("requests", "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(RECORDS, ApacheClients.readAll(bootstrap, "requests", 1, RECORDS).size());
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The sum of {@code attribute} over the MBeans matching {@code pattern}. */
    private static double sum(String pattern, String attribute) throws Exception {
        double sum = 0;
        for (ObjectName name : JMX.queryNames(new ObjectName(pattern), null)) {
            sum += ((Number) JMX.getAttribute(name, attribute)).doubleValue();
        }
        return sum;
    }

    private static Object attribute(String name, String attribute) throws Exception {
        return JMX.getAttribute(new ObjectName(name), attribute);
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + broker.metrics().httpPort().orElseThrow() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of the first scraped sample line starting with {@code prefix}, or -1. */
    private static double scraped(String body, String prefix) {
        return body.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(-1.0);
    }

    @Test
    void producesAndConsumerFetchesAreCountedPerRequestNameAndVersionWithKafkasPercentiles() throws Exception {
        assertTrue(sum("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=*", "Count")
                >= RECORDS, "one produce request per record sent one at a time");
        assertTrue(sum("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=FetchConsumer,version=*", "Count") > 0);
        assertTrue(sum("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Fetch,version=*", "Count")
                >= sum("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=FetchConsumer,version=*", "Count"),
                "a consumer's fetch counts as FetchConsumer and as Fetch");
        assertEquals(0.0, sum("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=FetchFollower,version=*", "Count"),
                "one broker has no followers");
        assertTrue(sum("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Metadata,version=*", "Count") > 0);
        String total = "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce";
        assertTrue((Long) attribute(total, "Count") >= RECORDS);
        for (String percentile : new String[] {"50thPercentile", "75thPercentile", "95thPercentile", "98thPercentile",
                "99thPercentile", "999thPercentile", "Mean", "StdDev", "Min", "Max"}) {
            assertInstanceOf(Number.class, attribute(total, percentile), percentile);
        }
        for (String phase : new String[] {"RequestQueueTimeMs", "LocalTimeMs", "RemoteTimeMs", "ThrottleTimeMs",
                "ResponseQueueTimeMs", "ResponseSendTimeMs", "RequestBytes"}) {
            assertEquals(attribute(total, "Count"), attribute(total.replace("TotalTimeMs", phase), "Count"), phase);
        }
        assertTrue(((Number) attribute("kafka.network:type=RequestMetrics,name=RequestBytes,request=Produce", "Min"))
                .longValue() > 0, "a produce request has a body");

        assertTrue((Long) attribute("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=Produce,error=NONE", "Count")
                >= RECORDS, "one partition answered without error per produce");
        assertTrue((Long) attribute("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=Fetch,error=NONE", "Count") > 0);
        assertTrue(JMX.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=FetchConsumer,*"),
                null).isEmpty(), "as in Kafka, errors count under the API's name only");
        String body = scrape();
        assertTrue(body.lines().anyMatch(l -> l.startsWith("kafka_network_requestmetrics_requests_total{request=\"Produce\",version=\"")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= RECORDS), body);
        assertTrue(body.lines().anyMatch(l -> l.startsWith("kafka_network_requestmetrics_requests_total{request=\"FetchConsumer\"")),
                body);
        assertTrue(scraped(body, "kafka_network_requestmetrics_totaltimems{quantile=\"0.99\",request=\"Produce\"}") >= 0
                || scraped(body, "kafka_network_requestmetrics_totaltimems{request=\"Produce\",quantile=\"0.99\"}") >= 0, body);
    }

    @Test
    void aFetchWaitingForDataShowsAsRemoteTimeNotLocalTime() throws Exception {
        long before = (Long) attribute("kafka.network:type=RequestMetrics,name=RemoteTimeMs,request=FetchConsumer", "Count");
        try (KafkaConsumer<String, String> consumer = ApacheClients.consumer(bootstrap, Map.of("fetch.max.wait.ms", "400"))) {
            TopicPartition tp = new TopicPartition("requests", 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline) {
                assertTrue(consumer.poll(Duration.ofMillis(500)).isEmpty());
            }
        }
        await().atMost(WAIT).untilAsserted(() -> assertTrue(
                (Long) attribute("kafka.network:type=RequestMetrics,name=RemoteTimeMs,request=FetchConsumer", "Count") > before));
        assertTrue(((Number) attribute("kafka.network:type=RequestMetrics,name=RemoteTimeMs,request=FetchConsumer", "Max"))
                .longValue() >= 300, "a fetch at the log end waits fetch.max.wait.ms in the purgatory");
        assertTrue(((Number) attribute("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=FetchConsumer", "Max"))
                .longValue() >= 300);
        assertTrue(((Number) attribute("kafka.network:type=RequestMetrics,name=LocalTimeMs,request=FetchConsumer", "50thPercentile"))
                .doubleValue() < 300, "the handler itself does not wait");
    }

    @Test
    void handlerAndNetworkThreadIdlenessAreFractionsAndTheRequestQueueIsReadable() throws Exception {
        String idle = "kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent";
        double mean = (Double) attribute(idle, "MeanRate");
        assertTrue(mean > 0 && mean <= 1.0, "mean idle fraction " + mean);
        await().atMost(WAIT).untilAsserted(() -> {
            double oneMinute = (Double) attribute(idle, "OneMinuteRate");
            assertTrue(oneMinute > 0 && oneMinute <= 1.0, "one-minute idle fraction " + oneMinute);
        });
        await().atMost(WAIT).untilAsserted(() -> {
            Object network = attribute("kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent", "Value");
            double fraction = ((Number) network).doubleValue();
            assertTrue(fraction >= 0 && fraction <= 1.0, "network idle fraction " + fraction);
        });
        assertInstanceOf(Integer.class, attribute("kafka.network:type=RequestChannel,name=RequestQueueSize", "Value"));
        assertInstanceOf(Integer.class, attribute("kafka.network:type=RequestChannel,name=ResponseQueueSize", "Value"));
        String body = scrape();
        double scrapedIdle = scraped(body, "kafka_network_socketserver_networkprocessoravgidlepercent ");
        assertTrue(scrapedIdle >= 0 && scrapedIdle <= 1.0, body);
        assertTrue(scraped(body, "kafka_network_requestchannel_requestqueuesize ") >= 0, body);
    }

    @Test
    void anOversizedProduceMarksBytesRejectedForTheTopicAndAllTopics() throws Exception {
        String all = "kafka.server:type=BrokerTopicMetrics,name=BytesRejectedPerSec";
        long before = (Long) attribute(all, "Count");
        try (KafkaProducer<String, String> producer = ApacheClients.producer(bootstrap, Map.of("acks", "1",
                "enable.idempotence", "false", "retries", "0"))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>("small", "x".repeat(4000))).get(30, TimeUnit.SECONDS));
            assertInstanceOf(RecordTooLargeException.class, e.getCause());
        }
        assertEquals(1L, attribute("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=Produce,error=MESSAGE_TOO_LARGE",
                "Count"));
        long rejected = (Long) attribute(all, "Count") - before;
        assertTrue(rejected > 4000, "the refused batch's bytes: " + rejected);
        assertEquals(rejected, (Long) attribute(all + ",topic=small", "Count"));
        assertTrue(!JMX.isRegistered(new ObjectName(all + ",topic=requests"))
                || (Long) attribute(all + ",topic=requests", "Count") == 0L);
        assertTrue((Long) attribute("kafka.server:type=BrokerTopicMetrics,name=TotalProduceRequestsPerSec,topic=small",
                "Count") >= 1);
        assertTrue(scraped(scrape(), "kafka_server_brokertopicmetrics_bytesrejected_total ") > 4000);
        Set<ObjectName> produceErrors = JMX.queryNames(new ObjectName(
                "kafka.server:type=BrokerTopicMetrics,name=FailedProduceRequestsPerSec,topic=small"), null);
        assertTrue(produceErrors.isEmpty() || (Long) JMX.getAttribute(produceErrors.iterator().next(), "Count") == 0L,
                "as in Kafka, a record too large is the client's error, not a failed produce");
    }
}
