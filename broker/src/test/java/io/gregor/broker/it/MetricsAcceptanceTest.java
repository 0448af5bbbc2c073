package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's acceptance for the first metrics: three broker processes, each with its Prometheus
 * endpoint ({@code metrics.http.listener}) and JMX on a loopback remote port, read with plain JMX
 * under Kafka's MBean names while producing, through a kill -9 and a restart.
 */
class MetricsAcceptanceTest {
    private static final String MESSAGES_IN = "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec";
    private static final String URP = "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions";
    private static final String ACTIVE_CONTROLLER = "kafka.controller:type=KafkaController,name=ActiveControllerCount";
    private static final String OFFLINE = "kafka.controller:type=KafkaController,name=OfflinePartitionsCount";
    private static final String GLOBAL = "kafka.controller:type=KafkaController,name=GlobalPartitionCount";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The ports picked for the latest start of each broker: {http, jmx}. */
    private final Map<Integer, int[]> ports = new ConcurrentHashMap<>();
    private ThreeBrokers brokers;

    @AfterEach
    void stop() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void messagesInRisesUnderReplicatedPartitionsFollowAKillAndOneBrokerIsTheActiveController() throws Exception {
        brokers = ThreeBrokers.start(Map.of(), new ThreeBrokers.PerBroker() {
            @Override
            public Map<String, String> overrides(int id) throws IOException {
                ports.put(id, new int[] {freePort(), freePort()});
                return Map.of("metrics.http.listener", "http://127.0.0.1:" + ports.get(id)[0]);
            }

            @Override
            public Map<String, String> systemProperties(int id) {
                String jmx = Integer.toString(ports.get(id)[1]);
                return Map.of("com.sun.management.jmxremote.port", jmx, "com.sun.management.jmxremote.rmi.port", jmx,
                        "com.sun.management.jmxremote.host", "127.0.0.1", "java.rmi.server.hostname", "127.0.0.1",
                        "com.sun.management.jmxremote.authenticate", "false", "com.sun.management.jmxremote.ssl", "false",
                        "com.sun.management.jmxremote.local.only", "true");
            }
        });
        String topic = "metered";
        brokers.createTopic(topic, 3, Map.of());
        long before = sum(List.of(0, 1, 2), MESSAGES_IN, "Count");
        try (KafkaProducer<String, String> producer = ApacheClients.producer(brokers.bootstrap(), Map.of("acks", "all"))) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, null, "v" + i));
            }
            producer.flush();
        }
        await("MessagesInPerSec counts the 300 records", () -> sum(List.of(0, 1, 2), MESSAGES_IN, "Count") >= before + 300);
        double scraped = 0;
        for (int id = 0; id < 3; id++) {
            scraped += scrapedValue(id, "kafka_server_brokertopicmetrics_messagesin_total");
        }
        assertEquals(sum(List.of(0, 1, 2), MESSAGES_IN, "Count"), (long) scraped,
                "the Prometheus endpoints serve the counts JMX shows");
        await("one active controller", () -> sum(List.of(0, 1, 2), ACTIVE_CONTROLLER, "Value") == 1);
        assertEquals(0L, sum(List.of(0, 1, 2), URP, "Value"));
        // the controller alone reports the cluster's partitions: 3 of the topic (plus __consumer_offsets if made)
        await("GlobalPartitionCount on the controller only", () -> sum(List.of(0, 1, 2), GLOBAL, "Value")
                == sum(List.of(brokers.awaitController()), GLOBAL, "Value")
                && sum(List.of(brokers.awaitController()), GLOBAL, "Value") >= 3);
        assertEquals(0L, sum(List.of(0, 1, 2), OFFLINE, "Value"));

        int victim = brokers.awaitController();
        List<Integer> survivors = IntStream.range(0, 3).filter(id -> id != victim).boxed().toList();
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) { // one replica, on the victim: offline after the kill
            admin.createTopics(List.of(new NewTopic("lonely", Map.of(0, List.of(victim))))).all().get(30, TimeUnit.SECONDS);
        }
        await("lonely led by the victim", () -> brokers.state("lonely", 0).filter(st -> st.leader() == victim).isPresent());
        brokers.broker(victim).kill();
        await("UnderReplicatedPartitions > 0 on every survivor", () -> survivors.stream()
                .allMatch(id -> sum(List.of(id), URP, "Value") > 0));
        await("one active controller among the survivors", () -> sum(survivors, ACTIVE_CONTROLLER, "Value") == 1);
        await("the new controller counts the lonely partition offline", () -> sum(survivors, OFFLINE, "Value") == 1);
        assertEquals(survivors.stream().mapToLong(id -> sum(List.of(id), URP, "Value")).sum(),
                (long) survivors.stream().mapToDouble(id -> scrapedValue(id,
                        "kafka_server_replicamanager_underreplicatedpartitions")).sum());

        brokers.start(victim);
        await("UnderReplicatedPartitions back to 0 after the restart", () -> sum(List.of(0, 1, 2), URP, "Value") == 0);
        await("one active controller after the restart", () -> sum(List.of(0, 1, 2), ACTIVE_CONTROLLER, "Value") == 1);
        await("no partition offline after the restart", () -> sum(List.of(0, 1, 2), OFFLINE, "Value") == 0);
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
    }

    /** The sum over {@code ids} of attribute {@code attribute} of MBean {@code name}, read over JMX. */
    private long sum(List<Integer> ids, String name, String attribute) {
        long total = 0;
        for (int id : ids) {
            JMXServiceURL url;
            try {
                url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + ports.get(id)[1] + "/jmxrmi");
                try (JMXConnector jmx = JMXConnectorFactory.connect(url)) {
                    MBeanServerConnection connection = jmx.getMBeanServerConnection();
                    total += ((Number) connection.getAttribute(new ObjectName(name), attribute)).longValue();
                }
            } catch (Exception e) {
                throw new AssertionError("JMX of broker " + id + ": " + e, e);
            }
        }
        return total;
    }

    /** The value of the sample {@code sample} (no labels) on broker {@code id}'s Prometheus endpoint. */
    private double scrapedValue(int id, String sample) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + ports.get(id)[0] + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body().lines().filter(l -> l.startsWith(sample + " "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1))).findFirst()
                    .orElseThrow(() -> new AssertionError(sample + " not served by broker " + id));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("scraping broker " + id + ": " + e, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
